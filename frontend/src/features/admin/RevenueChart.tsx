import type { DayRevenue } from '../../api/models';
import { formatRoubles } from '../../shared/lib/format';
import { PHONE_QUERY, useMediaQuery } from '../../shared/lib/useMediaQuery';
import { BarChart } from './BarChart';

const dayLabel = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'numeric', timeZone: 'UTC' });

/** Roubles paid per day over the last 30 days, with the day's refunds as a red bar inside. */
export function RevenueChart({ data }: { data: DayRevenue[] }) {
  const narrow = useMediaQuery(PHONE_QUERY);
  const days = [...data].sort((a, b) => a.day.localeCompare(b.day));
  const paid = days.reduce((sum, d) => sum + Number(d.paid), 0);
  const refunded = days.reduce((sum, d) => sum + Number(d.refunded), 0);
  const count = days.reduce((sum, d) => sum + d.payments, 0);
  const labelEvery = narrow ? 10 : 5;
  const total = formatRoubles(paid.toFixed(2));
  const bars = days.map((d, i) => {
    const label = dayLabel.format(new Date(`${d.day}T00:00:00Z`));
    const back = Number(d.refunded);
    return {
      key: d.day,
      value: Number(d.paid),
      accent: back,
      title: `${label}: ${formatRoubles(d.paid)}, платежей ${d.payments}${back ? `, возвращено ${formatRoubles(d.refunded)}` : ''}`,
      // counted from the last day, so that today always has its date
      axisLabel: i % labelEvery === (days.length - 1) % labelEvery ? label : undefined,
    };
  });
  return (
    <BarChart
      bars={bars}
      narrow={narrow}
      summary={`Выручка по дням за 30 дней: ${total}, платежей ${count}, возвращено ${formatRoubles(refunded.toFixed(2))}`}
      ticks={3}
      tickLabel={(t) => Math.round(t).toLocaleString('ru-RU')}
      axisWidth={56}
      accentInside
      testId="revenue-chart"
      barTestId="revenue-bar"
      legend={
        <>
          <span className="legend legend--ok">оплачено, ₽</span>
          <span className="legend legend--failed">возвраты</span>
          <span className="muted">
            за 30 дней: {total}, платежей {count}
          </span>
        </>
      }
    />
  );
}
