import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Payment } from '../../api/models';
import { payment } from '../../test/factories';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { WATCH_FAST_FOR_MS, WATCH_FAST_MS, WATCH_SLOW_MS } from './hooks';
import { PaymentReturn } from './PaymentReturn';

const base = payment({ confirmation_url: 'https://yoomoney.ru/checkout' });

function setup(...answers: Partial<Payment>[]) {
  const fetch = mockFetch();
  signedIn(fetch);
  let call = 0;
  fetch.on('POST', '/api/payments/p-1/check', () => json(200, { payment: { ...base, ...answers[Math.min(call++, answers.length - 1)] } }));
  fetch.on('GET', '/api/balance', json(200, { balance_credits: 130, reserved_credits: 0, available_credits: 130 }));
  return fetch;
}

afterEach(() => vi.useRealTimers());

describe('PaymentReturn', () => {
  it('waits for the confirmation, then says how many credits came', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fetch = setup({}, {}, { status: 'succeeded', settled_at: '2026-01-01T10:01:00Z' });
    renderWithApp(<PaymentReturn />, { route: '/back?payment=p-1' });
    expect(await screen.findByTestId('payment-waiting')).toHaveTextContent('Ожидаем подтверждение оплаты…');
    await act(() => vi.advanceTimersByTimeAsync(WATCH_FAST_MS));
    expect(screen.getByTestId('payment-waiting')).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(WATCH_FAST_MS));
    expect(await screen.findByTestId('payment-credited')).toHaveTextContent('Зачислено 100 кредитов');
    const checks = fetch.callsTo('POST', '/api/payments/p-1/check').length;
    await act(() => vi.advanceTimersByTimeAsync(WATCH_FAST_MS * 3));
    expect(fetch.callsTo('POST', '/api/payments/p-1/check')).toHaveLength(checks); // settled: no more asking
  });

  it('after two minutes still pending says the credits will come by themselves, asking less often', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fetch = setup({});
    renderWithApp(<PaymentReturn />, { route: '/back?payment=p-1' });
    expect(await screen.findByTestId('payment-waiting')).toHaveTextContent('Обычно это занимает несколько секунд');
    await act(() => vi.advanceTimersByTimeAsync(WATCH_FAST_FOR_MS));
    expect(screen.getByTestId('payment-waiting')).toHaveTextContent('кредиты придут сами');
    const asked = fetch.callsTo('POST', '/api/payments/p-1/check').length;
    await act(() => vi.advanceTimersByTimeAsync(WATCH_SLOW_MS - 1_000));
    expect(fetch.callsTo('POST', '/api/payments/p-1/check')).toHaveLength(asked);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(fetch.callsTo('POST', '/api/payments/p-1/check').length).toBeGreaterThan(asked);
  });

  it('says a canceled payment was canceled, with the reason', async () => {
    setup({ status: 'canceled', cancel_reason: 'недостаточно денег для оплаты', confirmation_url: null });
    renderWithApp(<PaymentReturn />, { route: '/back?payment=p-1' });
    const canceled = await screen.findByTestId('payment-canceled');
    expect(canceled).toHaveTextContent('Платёж отменён');
    expect(canceled).toHaveTextContent('Причина: недостаточно денег для оплаты.');
    await userEvent.click(screen.getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByTestId('payment-canceled')).not.toBeInTheDocument();
  });

  it('says when the payment does not exist', async () => {
    const fetch = mockFetch();
    signedIn(fetch);
    fetch.on('POST', '/api/payments/p-1/check', problem(404, 'Платёж не найден'));
    renderWithApp(<PaymentReturn />, { route: '/back?payment=p-1' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Платёж не найден.');
  });

  it('shows nothing without a payment to wait for', () => {
    setup();
    const { container } = renderWithApp(<PaymentReturn />, { route: '/back' });
    expect(container).toBeEmptyDOMElement();
  });
});
