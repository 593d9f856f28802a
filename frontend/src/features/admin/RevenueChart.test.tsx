import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RevenueChart } from './RevenueChart';

describe('RevenueChart', () => {
  it('draws a bar per day with refunds and a readable summary', () => {
    const data = Array.from({ length: 30 }, (_, i) => ({
      day: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      paid: i === 29 ? '1780.00' : i === 10 ? '590.00' : '0.00',
      refunded: i === 29 ? '590.00' : '0.00',
      payments: i === 29 ? 3 : i === 10 ? 1 : 0,
    }));
    const { container } = render(<RevenueChart data={data} />);
    expect(screen.getAllByTestId('revenue-bar')).toHaveLength(30);
    expect(container.querySelectorAll('.chart__bar:not(.chart__bar--failed)')).toHaveLength(2);
    expect(container.querySelectorAll('.chart__bar--failed')).toHaveLength(1);
    const label = screen.getByRole('img').getAttribute('aria-label') ?? '';
    expect(label).toMatch(/^Выручка по дням за 30 дней: 2\s370\s₽, платежей 4, возвращено 590\s₽$/);
    expect(screen.getByText('30.01')).toBeInTheDocument(); // the last day is labelled
  });
});
