import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bakery, Order, OrderQuote } from '../../api/models';
import { bakeryOut, orderQuote as quote } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { OrdersPage } from './OrdersPage';
import { PriceListPage } from './PriceListPage';

const bakery = bakeryOut({ orders_per_day: 1, delivery_price: 50_000 });



const order = (token: string, overrides: Partial<Order> = {}, q: Partial<OrderQuote> = {}): Order => ({
  token,
  url: `http://app.test/s/${token}`,
  generation_id: 'a',
  image_url: 'http://s3/a.png',
  prompt_ru: 'Торт с клубникой',
  link_expires_at: '2099-12-20T09:00:00Z',
  status: q.status ?? 'sent',
  over_capacity: false,
  client: { name: null, phone: null, consent_at: null },
  quote: quote(q),
  ...overrides,
});

function setup(orders: Order[], list: Bakery | null = bakery) {
  const fetch = mockFetch();
  signedIn(fetch);
  fetch.on('GET', '/api/profile/bakery', json(200, { bakery: list }));
  fetch.on('GET', '/api/orders', () => json(200, { items: orders, total: orders.length }));
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

const plain = (el: HTMLElement) => (el.textContent ?? '').replace(/\u00a0/g, ' ');

describe('«Заказы»', () => {
  it('lists the orders by day with status, client, price and prepayment, and marks a busy day', async () => {
    setup([
      order('t1', { over_capacity: true, status: 'approved', client: { name: 'Ольга', phone: '+79007654321', consent_at: '2026-12-07T10:00:00Z' } }, { status: 'approved' }),
      order('t2', { over_capacity: true }),
      order('t3', { status: 'reapproval' }, { date: '2099-12-19', status: 'reapproval', version: 2, total: 704_000 }),
    ]);
    renderWithApp(<OrdersPage />);
    const list = await screen.findByTestId('orders-list');
    const days = within(list).getAllByRole('heading', { level: 2 });
    expect(days.map((d) => plain(d))).toEqual(['12 декабря, суббота' + 'Больше заказов, чем вы успеваете за день', '19 декабря, суббота']);
    const [first, , third] = screen.getAllByTestId('order-item');
    expect(within(first).getByTestId('order-status')).toHaveTextContent('Согласован');
    expect(plain(first)).toContain('6 740 ₽');
    expect(plain(first)).toContain('предоплата 3 370 ₽');
    expect(first).toHaveTextContent('Клиент: Ольга');
    expect(within(first).getByRole('link', { name: '+7 900 765-43-21' })).toHaveAttribute('href', 'tel:+79007654321');
    expect(third).toHaveTextContent('Нужно повторное согласование');
    expect(third).toHaveTextContent('клиенту нужно согласовать его заново');
  });

  it('«В календарь» downloads the order’s .ics with the session', async () => {
    const fetch = setup([order('t1')]);
    fetch.on('GET', '/api/shares/t1/calendar.ics', () => new Response('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', { headers: { 'Content-Type': 'text/calendar' } }));
    const created = vi.fn(() => 'blob:ics');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWithApp(<OrdersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'В календарь' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    const call = fetch.callsTo('GET', '/api/shares/t1/calendar.ics')[0];
    expect(call.headers.authorization).toBe('Bearer access-1');
    expect(created).toHaveBeenCalled();
    clicked.mockRestore();
  });

  it('changing an order sends the next version', async () => {
    const fetch = setup([order('t1', {}, { fillings: ['Шоколадная'] })]);
    fetch.on('PUT', '/api/shares/t1/quote', (call) => json(200, { quote: quote({ version: 2, ...(call.body as object) }) }));
    renderWithApp(<OrdersPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Изменить заказ' }));
    const dialog = screen.getByTestId('edit-order-dialog');
    const decor = within(dialog).getByLabelText('Декор, ₽');
    await userEvent.clear(decor);
    await userEvent.type(decor, '800');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Сохранить новую версию' }));
    await waitFor(() => expect(fetch.callsTo('PUT', '/api/shares/t1/quote')).toHaveLength(1));
    expect(fetch.callsTo('PUT', '/api/shares/t1/quote')[0].body).toMatchObject({
      weight_g: 2600,
      fillings: ['Шоколадная'],
      decor_price: 80_000,
      date: '2099-12-12',
    });
  });

  it('without a price list, asks for it first', async () => {
    setup([], null);
    renderWithApp(<OrdersPage />);
    expect(await screen.findByTestId('orders-no-price-list')).toHaveTextContent('Заполните прайс-лист');
  });
});

describe('the price list', () => {
  it('is saved in kopecks and grams from rubles and kilograms', async () => {
    const fetch = setup([], null);
    fetch.on('PUT', '/api/profile/bakery', (call) => json(200, { bakery: { ...bakery, ...(call.body as object) } }));
    renderWithApp(<PriceListPage />);
    const form = await screen.findByTestId('price-list-form');
    await userEvent.type(within(form).getByLabelText('Название или ваше имя'), 'Торты Анны');
    await userEvent.type(within(form).getByLabelText('Telegram'), '@anna_cakes');
    await userEvent.type(within(form).getByLabelText('Цена за 1 кг, ₽'), '2400');
    const minimum = within(form).getByLabelText('Минимальный вес, кг');
    await userEvent.clear(minimum);
    await userEvent.type(minimum, '1,5');
    await userEvent.type(within(form).getByLabelText('Заказов в день'), '2');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Есть доставка' }));
    await userEvent.type(within(form).getByLabelText('Цена доставки, ₽'), '500');
    await userEvent.click(within(form).getByRole('button', { name: '+ Добавить начинку' }));
    await userEvent.type(within(form).getByLabelText('Начинка 1: название'), 'Шоколадная');
    await userEvent.type(within(form).getByLabelText('Начинка 1: цена за кг, ₽'), '2800');
    await userEvent.click(within(form).getByRole('button', { name: 'Сохранить прайс-лист' }));
    expect(await screen.findByText('Сохранено ✓')).toBeInTheDocument();
    expect(fetch.callsTo('PUT', '/api/profile/bakery')[0].body).toEqual({
      name: 'Торты Анны',
      city: null,
      phone: null,
      telegram: '@anna_cakes',
      price_per_kg: 240_000,
      min_weight_g: 1500,
      grams_per_guest: 180,
      prepayment_percent: 50,
      lead_days: 3,
      orders_per_day: 2,
      delivery_price: 50_000,
      fillings: [{ name: 'Шоколадная', price_per_kg: 280_000 }],
    });
  });

  it('needs a contact and a price before sending', async () => {
    const fetch = setup([], null);
    renderWithApp(<PriceListPage />);
    const form = await screen.findByTestId('price-list-form');
    await userEvent.type(within(form).getByLabelText('Название или ваше имя'), 'Торты Анны');
    await userEvent.click(within(form).getByRole('button', { name: 'Сохранить прайс-лист' }));
    expect(await screen.findByText(/Укажите телефон или Telegram/)).toBeInTheDocument();
    expect(screen.getByText(/Цена за килограмм в рублях/)).toBeInTheDocument();
    expect(fetch.callsTo('PUT', '/api/profile/bakery')).toHaveLength(0);
  });
});
