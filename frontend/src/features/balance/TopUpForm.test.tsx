import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { TopUpForm } from './TopUpForm';

const amountInput = () => screen.getByLabelText('Сумма пополнения, кредитов');

async function submitAmount(value: string) {
  await userEvent.clear(amountInput());
  if (value) await userEvent.type(amountInput(), value);
  await userEvent.click(screen.getByRole('button', { name: 'Пополнить' }));
}

function setup() {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('POST', '/api/balance/top-up', (call) => {
    const amount = (call.body as { amount: number }).amount;
    const transaction = { id: 't1', user_id: 'u1', amount, type: 'credit', kind: 'top_up', description: '', prediction_request_id: null, created_at: '2026-01-01T10:00:00Z' };
    return json(200, { transaction, balance: { balance_credits: amount, reserved_credits: 0, available_credits: amount } });
  });
  return fetch;
}

describe('TopUpForm', () => {
  it.each([
    ['', 'Укажите сумму пополнения.'],
    ['0', 'Сумма пополнения: от 1 до 10 000.'],
    ['10001', 'Сумма пополнения: от 1 до 10 000.'],
  ])('refuses %j', async (value, message) => {
    const fetch = setup();
    renderWithApp(<TopUpForm />);
    await submitAmount(value);
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(fetch.callsTo('POST', '/api/balance/top-up')).toHaveLength(0);
  });

  it('sends the amount with an idempotency key, stores the new balance and confirms', async () => {
    const fetch = setup();
    const { client } = renderWithApp(<TopUpForm />);
    await submitAmount('10000');
    expect(await screen.findByTestId('topup-success')).toHaveTextContent('Баланс пополнен на 10 000 кредитов.');
    const [call] = fetch.callsTo('POST', '/api/balance/top-up');
    expect(call.body).toEqual({ amount: 10000 });
    expect(call.headers['idempotency-key']).toBeTruthy();
    expect(client.getQueryData(['balance'])).toEqual({ balance_credits: 10000, reserved_credits: 0, available_credits: 10000 });
  });

  it('uses a preset, with a new idempotency key per click', async () => {
    const fetch = setup();
    renderWithApp(<TopUpForm />);
    await userEvent.click(screen.getByRole('button', { name: '500' }));
    await userEvent.click(screen.getByRole('button', { name: 'Пополнить' }));
    await screen.findByTestId('topup-success');
    await userEvent.click(screen.getByRole('button', { name: 'Пополнить' }));
    await waitFor(() => expect(fetch.callsTo('POST', '/api/balance/top-up')).toHaveLength(2));
    const [first, second] = fetch.callsTo('POST', '/api/balance/top-up');
    expect(first.body).toEqual({ amount: 500 });
    expect(first.headers['idempotency-key']).not.toBe(second.headers['idempotency-key']);
  });

  it('shows a server field error next to the amount and network errors above', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/balance/top-up', problem(422, 'Некорректные данные', [{ field: 'amount', message: 'сумма пополнения от 1 до 10000' }]));
    renderWithApp(<TopUpForm />);
    await submitAmount('50');
    expect(await screen.findByText('сумма пополнения от 1 до 10000')).toBeInTheDocument();
    fetch.on('POST', '/api/balance/top-up', () => Promise.reject(new TypeError('Failed to fetch')));
    await submitAmount('50');
    expect(await screen.findByText(/Нет связи с сервером/)).toBeInTheDocument();
    expect(screen.queryByText('сумма пополнения от 1 до 10000')).not.toBeInTheDocument();
  });
});
