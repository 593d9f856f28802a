import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { OrderQuote, PublicShareOut } from '../../api/models';
import { orderQuote } from '../../test/factories';
import { json, mockFetch } from '../../test/fetchMock';
import { renderWithApp } from '../../test/render';
import { ORDER_CHANGED_MESSAGE, SharePage } from './SharePage';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
const quote = (overrides: Partial<OrderQuote> = {}) =>
  orderQuote({ fillings: ['Шоколадная'], tier_prices: [280_000], date: '2026-12-12', note: 'Надпись «Оле 5 лет»', ...overrides });
const share = (q: OrderQuote): PublicShareOut => ({
  token: TOKEN,
  note: null,
  expires_at: '2099-01-16T10:00:00Z',
  designs: [{ id: 'a', image_url: 'http://s3/a.png', width: 512, height: 512, prompt_ru: 'Торт с клубникой', style: 'kids' }],
  feedback: [],
  quote: q,
  bakery: { name: 'Торты Анны', city: 'Казань', phone: '+79001234567', telegram: 'anna_cakes' },
});

function setup(...versions: OrderQuote[]) {
  const fetch = mockFetch();
  let shown = 0;
  fetch.on('GET', `/api/public/shares/${TOKEN}`, () => json(200, { share: share(versions[Math.min(shown++, versions.length - 1)]) }));
  fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, (call) =>
    json(201, { feedback: { id: 'f1', generation_id: 'a', created_at: '2026-12-07T10:00:00Z', comment: null, ...(call.body as object) } }),
  );
  return fetch;
}

const open = () => renderWithApp(<SharePage />, { route: `/s/${TOKEN}`, path: '/s/:token' });
const plain = (el: HTMLElement) => (el.textContent ?? '').replace(/\u00a0/g, ' ');

describe('the order on the client page', () => {
  it('shows weight, date, price, prepayment and the baker the Russian way', async () => {
    setup(quote());
    open();
    const card = await screen.findByTestId('order-card');
    for (const text of ['2,6 кг', '12 декабря, суббота', '6 740 ₽', '3 370 ₽ (50 %)', 'Шоколадная', 'самовывоз', 'Надпись «Оле 5 лет»']) {
      expect(plain(card)).toContain(text);
    }
    expect(screen.getByTestId('order-baker')).toHaveTextContent('Торты Анны, Казань');
    expect(screen.getByRole('link', { name: '+7 900 123-45-67' })).toHaveAttribute('href', 'tel:+79001234567');
  });

  it('approves the shown version with a name, a phone and the consent', async () => {
    const fetch = setup(quote());
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByText('Укажите имя: кондитер запишет заказ на него.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Ваше имя'), 'Ольга');
    await userEvent.type(screen.getByLabelText('Телефон'), '+7 900 765-43-21');
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByText('Отметьте согласие: без него мы не можем сохранить телефон.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', `/api/public/shares/${TOKEN}/feedback`)).toHaveLength(0);
    await userEvent.click(screen.getByRole('checkbox', { name: /обработку моих персональных данных/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByTestId('share-answer')).toHaveTextContent('заказ, версия 1');
    expect(fetch.callsTo('POST', `/api/public/shares/${TOKEN}/feedback`)[0].body).toEqual({
      decision: 'approved',
      comment: null,
      name: 'Ольга',
      generation_id: null,
      quote_version: 1,
      phone: '+7 900 765-43-21',
      consent: true,
    });
  });

  it('refuses a phone that is not +7', async () => {
    const fetch = setup(quote());
    open();
    await userEvent.type(await screen.findByLabelText('Ваше имя'), 'Ольга');
    await userEvent.type(screen.getByLabelText('Телефон'), '+44 20 7946 0958');
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByText('Телефон в формате +7 900 123-45-67.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', `/api/public/shares/${TOKEN}/feedback`)).toHaveLength(0);
  });

  it('when the baker changed the order meanwhile, shows the new version instead of approving the old one', async () => {
    const fetch = setup(quote(), quote({ version: 2, status: 'reapproval', total: 704_000 }));
    fetch.on('POST', `/api/public/shares/${TOKEN}/feedback`, () =>
      json(409, { type: 'urn:tortodelova:problem:quote_outdated', title: 'x', status: 409, detail: 'Кондитер изменил заказ: посмотрите новую версию и согласуйте её.' }),
    );
    open();
    await userEvent.type(await screen.findByLabelText('Ваше имя'), 'Ольга');
    await userEvent.click(screen.getByRole('button', { name: 'Согласовать' }));
    expect(await screen.findByText(ORDER_CHANGED_MESSAGE)).toBeInTheDocument();
    await waitFor(() => expect(plain(screen.getByTestId('order-card'))).toContain('7 040 ₽'));
    expect(screen.getByTestId('order-card')).toHaveTextContent('нужно согласовать его заново');
    expect(screen.getByTestId('order-status')).toHaveTextContent('Нужно повторное согласование');
  });

  it('an expired quote can be read but not approved', async () => {
    setup(quote({ status: 'expired' }));
    open();
    expect(await screen.findByTestId('order-card')).toHaveTextContent('Срок предложения истёк');
    expect(screen.getByRole('button', { name: 'Согласовать' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Нужны правки' })).toBeEnabled();
  });
});
