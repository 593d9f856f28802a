import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { payment } from '../../test/factories';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { PacksPanel } from './PacksPanel';
import { openCheckout } from './checkout';

vi.mock('./checkout', () => ({ openCheckout: vi.fn() }));

const PACKS = [
  { id: 'pack-30', credits: 30, amount: '199.00', currency: 'RUB', price_per_credit: '6.63' },
  { id: 'pack-100', credits: 100, amount: '590.00', currency: 'RUB', price_per_credit: '5.90' },
  { id: 'pack-300', credits: 300, amount: '1490.00', currency: 'RUB', price_per_credit: '4.97' },
];
const pending = payment();

function setup(provider = 'yookassa', packs = PACKS) {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/payments/packs', json(200, { provider, packs }));
  fetch.on('POST', '/api/balance/top-up', json(201, { payment: pending }));
  return fetch;
}

beforeEach(() => vi.mocked(openCheckout).mockClear());

describe('PacksPanel', () => {
  it('shows each pack with its price, the price per credit and the best value', async () => {
    setup();
    renderWithApp(<PacksPanel />);
    const big = await screen.findByTestId('pack-300');
    expect(big).toHaveTextContent('300 кредитов');
    expect(big).toHaveTextContent(/1\s490\s₽/);
    expect(big).toHaveTextContent(/4,97\s₽ за кредит/);
    expect(big).toHaveTextContent('Выгоднее всего');
    expect(screen.getByTestId('pack-30')).toHaveTextContent(/6,63\s₽ за кредит/);
    expect(screen.getByTestId('pack-30')).not.toHaveTextContent('Выгоднее всего');
    expect(screen.queryByTestId('sandbox-note')).not.toBeInTheDocument();
  });

  it('buys a pack with an idempotency key and sends the payer to the checkout', async () => {
    const fetch = setup();
    renderWithApp(<PacksPanel />);
    await userEvent.click(await screen.findByRole('button', { name: 'Купить 100 кредитов за 590\u00a0₽' }));
    await waitFor(() => expect(openCheckout).toHaveBeenCalledWith(pending.confirmation_url));
    const [call] = fetch.callsTo('POST', '/api/balance/top-up');
    expect(call.body).toEqual({ pack_id: 'pack-100' });
    expect(call.headers['idempotency-key']).toBeTruthy();
    expect(screen.getByTestId('pack-100')).toHaveTextContent('Переходим к оплате…');
    await userEvent.click(screen.getByRole('button', { name: 'Купить 30 кредитов за 199\u00a0₽' }));
    expect(fetch.callsTo('POST', '/api/balance/top-up')).toHaveLength(1); // leaving: no second payment
  });

  it('says the payment service is unavailable and stays', async () => {
    const fetch = setup();
    fetch.on('POST', '/api/balance/top-up', problem(503, 'Платёжный сервис сейчас недоступен. Повторите попытку через несколько минут.'));
    renderWithApp(<PacksPanel />);
    await userEvent.click(await screen.findByRole('button', { name: /Купить 30 кредитов/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Платёжный сервис сейчас недоступен');
    expect(openCheckout).not.toHaveBeenCalled();
  });

  it('marks the sandbox as a test', async () => {
    setup('sandbox');
    renderWithApp(<PacksPanel />);
    expect(await screen.findByTestId('sandbox-note')).toHaveTextContent('оплата без денег');
  });

  it('without a payment service says how to get credits', async () => {
    setup('none', []);
    renderWithApp(<PacksPanel />);
    expect(await screen.findByTestId('payments-off')).toHaveTextContent('Кредиты начисляет администратор');
    expect(screen.queryByRole('button', { name: /Купить/ })).not.toBeInTheDocument();
  });
});
