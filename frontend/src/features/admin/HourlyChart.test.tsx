import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HourlyChart } from './HourlyChart';

describe('HourlyChart', () => {
  it('draws one bar group per hour with failures stacked and a readable summary', () => {
    const data = Array.from({ length: 24 }, (_, i) => ({
      hour: new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
      count: i === 5 ? 7 : i % 3,
      failed: i === 5 ? 2 : 0,
    }));
    const { container } = render(<HourlyChart data={data} />);
    expect(screen.getAllByTestId('chart-bar')).toHaveLength(24);
    const total = data.reduce((s, d) => s + d.count, 0);
    expect(screen.getByRole('img')).toHaveAttribute('aria-label', `Генерации по часам за 24 часа: всего ${total}, из них с ошибкой 2`);
    expect(container.querySelectorAll('.chart__bar--failed')).toHaveLength(1);
  });
});
