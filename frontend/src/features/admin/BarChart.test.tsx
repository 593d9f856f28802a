import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BarChart, niceMax } from './BarChart';

const bars = [
  { key: 'a', value: 8, accent: 2, title: 'первый', axisLabel: 'А' },
  { key: 'b', value: 0, accent: 0, title: 'пустой' },
  { key: 'c', value: 4, accent: 0, title: 'третий', axisLabel: 'В' },
];

function draw(accentInside: boolean) {
  return render(
    <BarChart bars={bars} narrow={false} summary="сводка" ticks={3} tickLabel={String} axisWidth={40} accentInside={accentInside} testId="chart" barTestId="bar" legend="легенда" />,
  ).container;
}

describe('BarChart', () => {
  it('draws a bar per value, none for zero, the accent at the foot, the labels asked for', () => {
    const container = draw(false);
    expect(screen.getAllByTestId('bar')).toHaveLength(3);
    const [main, third] = container.querySelectorAll('.chart__bar:not(.chart__bar--failed)');
    const accent = container.querySelector('.chart__bar--failed')!;
    expect(accent.getAttribute('x')).toBe(main.getAttribute('x'));
    expect(accent.getAttribute('width')).toBe(main.getAttribute('width'));
    expect(Number(accent.getAttribute('height'))).toBeCloseTo(Number(main.getAttribute('height')) / 4);
    expect(Number(third.getAttribute('height'))).toBeCloseTo(Number(main.getAttribute('height')) / 2);
    expect(screen.getByRole('img')).toHaveAttribute('aria-label', 'сводка');
    expect(screen.getByText('А')).toBeInTheDocument();
    expect(screen.getAllByText(/^[0-9]+$/).map((t) => t.textContent)).toEqual(['0', '5', '10']); // ticks up to a nice 10
  });

  it('draws an inside accent half as wide, centred on its bar', () => {
    const container = draw(true);
    const main = container.querySelector('.chart__bar:not(.chart__bar--failed)')!;
    const accent = container.querySelector('.chart__bar--failed')!;
    const [x, w] = [Number(main.getAttribute('x')), Number(main.getAttribute('width'))];
    expect(Number(accent.getAttribute('width'))).toBeCloseTo(w / 2);
    expect(Number(accent.getAttribute('x')) + Number(accent.getAttribute('width')) / 2).toBeCloseTo(x + w / 2);
  });

  it('rounds the axis up to a nice number', () => {
    expect(niceMax(0)).toBe(4);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(23)).toBe(25);
    expect(niceMax(130)).toBe(200);
  });
});
