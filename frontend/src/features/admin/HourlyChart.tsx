import type { HourBucket } from '../../api/models';
import { formatHour } from '../../shared/lib/format';
import { PHONE_QUERY, useMediaQuery } from '../../shared/lib/useMediaQuery';

const HEIGHT = 250;
const PAD = { top: 16, right: 12, bottom: 28, left: 36 };

/** A "nice" axis maximum: 1, 2, 5 x 10^n at or above the data maximum. */
export function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** The value axis of a bar chart: a grid line and a label per tick. */
export function Gridlines({ ticks, y, left, right, label }: { ticks: number[]; y: (v: number) => number; left: number; right: number; label: (t: number) => string }) {
  return ticks.map((t) => (
    <g key={t}>
      <line x1={left} x2={right} y1={y(t)} y2={y(t)} className="chart__grid" />
      <text x={left - 6} y={y(t) + 4} className="chart__axis" textAnchor="end">
        {label(t)}
      </text>
    </g>
  ));
}

/** Generations per hour for the last 24 h as stacked bars (successful + failed), inline SVG. */
export function HourlyChart({ data }: { data: HourBucket[] }) {
  // Phones get a narrower drawing (fewer hour labels) so the whole day fits without scrolling sideways.
  const narrow = useMediaQuery(PHONE_QUERY);
  const WIDTH = narrow ? 360 : 640;
  const buckets = [...data].sort((a, b) => a.hour.localeCompare(b.hour));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const failed = buckets.reduce((sum, b) => sum + b.failed, 0);
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.count)));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, buckets.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max];
  const labelEvery = buckets.length > 12 ? (narrow ? 6 : 3) : 1;

  return (
    <figure className="chart" data-testid="hourly-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Генерации по часам за 24 часа: всего ${total}, из них с ошибкой ${failed}`} preserveAspectRatio="xMidYMid meet">
        <Gridlines ticks={ticks} y={y} left={PAD.left} right={WIDTH - PAD.right} label={(t) => (Number.isInteger(t) ? String(t) : t.toFixed(1))} />
        {buckets.map((bucket, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const ok = Math.max(0, bucket.count - bucket.failed);
          return (
            <g key={bucket.hour} data-testid="chart-bar">
              <title>{`${formatHour(bucket.hour)}: ${bucket.count} генераций, ошибок ${bucket.failed}`}</title>
              {ok > 0 ? <rect x={x} y={y(bucket.count)} width={barW} height={y(bucket.failed) - y(bucket.count)} rx={2} className="chart__bar" /> : null}
              {bucket.failed > 0 ? <rect x={x} y={y(bucket.failed)} width={barW} height={y(0) - y(bucket.failed)} rx={2} className="chart__bar chart__bar--failed" /> : null}
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={HEIGHT - 8} className="chart__axis" textAnchor="middle">
                  {formatHour(bucket.hour)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="chart__baseline" />
      </svg>
      <figcaption className="chart__legend">
        <span className="legend legend--ok">успешные</span>
        <span className="legend legend--failed">с ошибкой</span>
        <span className="muted">
          за сутки: {total}, ошибок {failed}
        </span>
      </figcaption>
    </figure>
  );
}
