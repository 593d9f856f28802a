import type { ReactNode } from 'react';

const HEIGHT = 250;
const PAD = { top: 16, right: 12, bottom: 28 };

/** A "nice" axis maximum: 1, 2, 5 x 10^n at or above the data maximum. */
export function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

export interface ChartBar {
  key: string;
  value: number; // the whole bar
  accent: number; // the part drawn red over it (failures, refunds); 0 for none
  title: string; // what a pointer or a screen reader gets for this bar
  axisLabel?: string; // under the bar, where the caller wants one
}

interface BarChartProps {
  bars: ChartBar[];
  narrow: boolean; // a phone: a narrower drawing, so the whole period fits without scrolling sideways
  summary: string; // the chart's text alternative
  ticks: number; // value-axis lines, 0 and the maximum included
  tickLabel: (value: number) => string;
  axisWidth: number; // room for the widest tick label
  accentInside?: boolean; // the accent as a narrower bar inside (refunds) rather than the bar's foot (failures)
  testId: string;
  barTestId: string;
  legend: ReactNode;
}

/** Bars over time with an accent series, inline SVG: the admin's hourly and daily charts. */
export function BarChart({ bars, narrow, summary, ticks, tickLabel, axisWidth, accentInside = false, testId, barTestId, legend }: BarChartProps) {
  const width = narrow ? 360 : 640;
  const left = axisWidth;
  const max = niceMax(Math.max(0, ...bars.map((b) => Math.max(b.value, b.accent))));
  const innerW = width - left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, bars.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const accentX = accentInside ? barW / 4 : 0;
  const accentW = accentInside ? barW / 2 : barW;

  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        {Array.from({ length: ticks }, (_, i) => (max * i) / (ticks - 1)).map((t) => (
          <g key={t}>
            <line x1={left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="chart__grid" />
            <text x={left - 6} y={y(t) + 4} className="chart__axis" textAnchor="end">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = left + i * slot + (slot - barW) / 2;
          return (
            <g key={bar.key} data-testid={barTestId}>
              <title>{bar.title}</title>
              {bar.value > 0 ? <rect x={x} y={y(bar.value)} width={barW} height={y(0) - y(bar.value)} rx={2} className="chart__bar" /> : null}
              {bar.accent > 0 ? (
                <rect x={x + accentX} y={y(bar.accent)} width={accentW} height={y(0) - y(bar.accent)} rx={accentInside ? 1 : 2} className="chart__bar chart__bar--failed" />
              ) : null}
              {bar.axisLabel ? (
                <text x={x + barW / 2} y={HEIGHT - 8} className="chart__axis" textAnchor="middle">
                  {bar.axisLabel}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={left} x2={width - PAD.right} y1={y(0)} y2={y(0)} className="chart__baseline" />
      </svg>
      <figcaption className="chart__legend">{legend}</figcaption>
    </figure>
  );
}
