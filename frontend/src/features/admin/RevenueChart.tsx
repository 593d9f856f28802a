import type { DayRevenue } from '../../api/models';
import { formatRoubles } from '../../shared/lib/format';
import { PHONE_QUERY, useMediaQuery } from '../../shared/lib/useMediaQuery';
import { Gridlines, niceMax } from './HourlyChart';

const HEIGHT = 250;
const PAD = { top: 16, right: 12, bottom: 28, left: 56 };
const dayLabel = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'numeric', timeZone: 'UTC' });

/** Roubles paid per day over the last 30 days (bars), with the day's refunds in red, inline SVG. */
export function RevenueChart({ data }: { data: DayRevenue[] }) {
  const narrow = useMediaQuery(PHONE_QUERY);
  const WIDTH = narrow ? 360 : 640;
  const days = [...data].sort((a, b) => a.day.localeCompare(b.day));
  const paid = days.reduce((sum, d) => sum + Number(d.paid), 0);
  const refunded = days.reduce((sum, d) => sum + Number(d.refunded), 0);
  const count = days.reduce((sum, d) => sum + d.payments, 0);
  const max = niceMax(Math.max(0, ...days.map((d) => Math.max(Number(d.paid), Number(d.refunded)))));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, max / 2, max];
  const labelEvery = narrow ? 10 : 5;
  const total = formatRoubles(paid.toFixed(2));

  return (
    <figure className="chart" data-testid="revenue-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Выручка по дням за 30 дней: ${total}, платежей ${count}, возвращено ${formatRoubles(refunded.toFixed(2))}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <Gridlines ticks={ticks} y={y} left={PAD.left} right={WIDTH - PAD.right} label={(t) => Math.round(t).toLocaleString('ru-RU')} />
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const money = Number(d.paid);
          const back = Number(d.refunded);
          const label = dayLabel.format(new Date(`${d.day}T00:00:00Z`));
          return (
            <g key={d.day} data-testid="revenue-bar">
              <title>{`${label}: ${formatRoubles(d.paid)}, платежей ${d.payments}${back ? `, возвращено ${formatRoubles(d.refunded)}` : ''}`}</title>
              {money > 0 ? <rect x={x} y={y(money)} width={barW} height={y(0) - y(money)} rx={2} className="chart__bar" /> : null}
              {back > 0 ? <rect x={x + barW / 4} y={y(back)} width={barW / 2} height={y(0) - y(back)} rx={1} className="chart__bar chart__bar--failed" /> : null}
              {i % labelEvery === (days.length - 1) % labelEvery ? (
                <text x={x + barW / 2} y={HEIGHT - 8} className="chart__axis" textAnchor="middle">
                  {label}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="chart__baseline" />
      </svg>
      <figcaption className="chart__legend">
        <span className="legend legend--ok">оплачено, ₽</span>
        <span className="legend legend--failed">возвраты</span>
        <span className="muted">
          за 30 дней: {total}, платежей {count}
        </span>
      </figcaption>
    </figure>
  );
}
