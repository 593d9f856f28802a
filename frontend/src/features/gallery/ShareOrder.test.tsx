import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bakery, ShareOut } from '../../api/models';
import { dayAfter } from '../../shared/orders/format';
import { bakeryOut, generation, orderQuote } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { ShareDialog } from './ShareDialog';

const design = generation({ id: 'a', status: 'success', public_url: 'http://s3/a.png' });
const bakery = bakeryOut({ fillings: [] });

function setup(list: Bakery | null) {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/profile/bakery', json(200, { bakery: list }));
  fetch.on('GET', '/api/shares', json(200, { items: [], total: 0 }));
  fetch.on('POST', '/api/generations/a/share', (call) => {
    const sent = (call.body as { quote?: { date: string; weight_g: number } }).quote;
    const share: ShareOut = {
      token: 'AbCdEfGhIjKlMnOpQrStUv',
      url: 'http://app.test/s/AbCdEfGhIjKlMnOpQrStUv',
      generation_id: 'a',
      note: null,
      created_at: '2026-12-07T09:00:00Z',
      expires_at: '2099-01-16T10:00:00Z',
      revoked: false,
      show_description: false,
      feedback_count: 0,
      last_decision: null,
      quote: sent ? orderQuote({ weight_g: sent.weight_g, date: sent.date })
        : null,
    };
    return json(201, { share });
  });
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe('the share dialog’s order card', () => {
  it('sends the order with the link and shows what the server priced', async () => {
    const fetch = setup(bakery);
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const dialog = screen.getByTestId('share-dialog');
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: 'Добавить заказ: вес, дата и цена' }));
    await userEvent.type(within(dialog).getByLabelText('Вес, кг'), '2,6');
    await userEvent.type(within(dialog).getByLabelText('Декор, ₽'), '500');
    const date = within(dialog).getByLabelText('Дата');
    await userEvent.clear(date);
    await userEvent.type(date, dayAfter(5));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Создать ссылку' }));
    const result = await screen.findByTestId('share-quote');
    expect((result.textContent ?? '').replace(/\u00a0/g, ' ')).toContain('6 740 ₽');
    expect(fetch.callsTo('POST', '/api/generations/a/share')[0].body).toMatchObject({
      quote: { weight_g: 2600, guests: null, tiers: 1, fillings: [], decor_price: 50_000, date: dayAfter(5), delivery: 'pickup', expires_in_days: 3 },
    });
  });

  it('does not send a link with a half-filled order', async () => {
    const fetch = setup(bakery);
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const dialog = screen.getByTestId('share-dialog');
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: 'Добавить заказ: вес, дата и цена' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Создать ссылку' }));
    expect(await within(dialog).findByText('Укажите вес в килограммах, например 2,5.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', '/api/generations/a/share')).toHaveLength(0);
  });

  it('without a price list, points to it instead', async () => {
    setup(null);
    renderWithApp(<ShareDialog design={design} onClose={() => {}} />);
    const hint = await screen.findByTestId('share-order-hint');
    expect(within(hint).getByRole('link', { name: 'прайс-лист' })).toHaveAttribute('href', '/orders/price-list');
  });
});
