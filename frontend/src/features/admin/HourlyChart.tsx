import type { HourBucket } from '../../api/models';
import { formatHour } from '../../shared/lib/format';
import { PHONE_QUERY, useMediaQuery } from '../../shared/lib/useMediaQuery';
import { BarChart } from './BarChart';

/** Generations per hour for the last 24 h, the failed ones in red at each bar's foot. */
export function HourlyChart({ data }: { data: HourBucket[] }) {
  const narrow = useMediaQuery(PHONE_QUERY);
  const buckets = [...data].sort((a, b) => a.hour.localeCompare(b.hour));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const failed = buckets.reduce((sum, b) => sum + b.failed, 0);
  const labelEvery = buckets.length > 12 ? (narrow ? 6 : 3) : 1;
  const bars = buckets.map((b, i) => ({
    key: b.hour,
    value: b.count,
    accent: b.failed,
    title: `${formatHour(b.hour)}: ${b.count} генераций, ошибок ${b.failed}`,
    axisLabel: i % labelEvery === 0 ? formatHour(b.hour) : undefined,
  }));
  return (
    <BarChart
      bars={bars}
      narrow={narrow}
      summary={`Генерации по часам за 24 часа: всего ${total}, из них с ошибкой ${failed}`}
      ticks={5}
      tickLabel={(t) => (Number.isInteger(t) ? String(t) : t.toFixed(1))}
      axisWidth={36}
      testId="hourly-chart"
      barTestId="chart-bar"
      legend={
        <>
          <span className="legend legend--ok">успешные</span>
          <span className="legend legend--failed">с ошибкой</span>
          <span className="muted">
            за сутки: {total}, ошибок {failed}
          </span>
        </>
      }
    />
  );
}
