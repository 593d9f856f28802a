import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Payment } from '../../api/models';
import { payment } from '../../test/factories';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn, testUser } from '../../test/render';
import { PaymentsPage } from './PaymentsPage';

const admin = { ...testUser, role: 'admin' as const };
const anna = { ...testUser, id: '22222222-2222-4222-8222-222222222222', email: 'anna@example.com' };

function paid(overrides: Partial<Payment>): Payment {
  return payment({ user_id: anna.id, status: 'succeeded', confirmation_url: null, settled_at: '2026-01-01T10:01:00Z', ...overrides });
}

function setup(items: Payment[]) {
  const fetch = mockFetch();
  signedIn(fetch, admin);
  fetch.on('GET', '/api/admin/users', json(200, { items: [anna], total: 1 }));
  fetch.on('GET', '/api/admin/payments', json(200, { items, total: items.length }));
  return fetch;
}

describe('PaymentsPage', () => {
  it('lists payments with the payer, the pack, the sum, the status and a canceled one’s reason', async () => {
    setup([
      paid({}),
      paid({ id: 'p-2', status: 'canceled', credits: 30, amount: '199.00', cancel_reason: 'время на оплату истекло' }),
    ]);
    renderWithApp(<PaymentsPage />);
    const rows = await screen.findAllByTestId('payment-row');
    expect(rows[0]).toHaveTextContent('100 кредитов');
    expect(rows[0]).toHaveTextContent('Оплачен');
    await waitFor(() => expect(rows[0]).toHaveTextContent('anna@example.com'));
    expect(within(rows[0]).getByRole('button', { name: 'Вернуть' })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('Отменён');
    expect(rows[1]).toHaveTextContent('время на оплату истекло');
    expect(within(rows[1]).queryByRole('button', { name: 'Вернуть' })).not.toBeInTheDocument();
  });

  it('filters by status and e-mail through the query', async () => {
    const fetch = setup([paid({})]);
    renderWithApp(<PaymentsPage />);
    await screen.findAllByTestId('payment-row');
    await userEvent.type(screen.getByLabelText('Плательщик'), 'anna@');
    await userEvent.selectOptions(screen.getByLabelText('Статус'), 'succeeded');
    await userEvent.click(screen.getByRole('button', { name: 'Показать' }));
    await waitFor(() => {
      const last = fetch.callsTo('GET', '/api/admin/payments').at(-1);
      expect(last?.url).toContain('status=succeeded');
      expect(last?.url).toContain('email=anna%40');
    });
  });

  it('refunds after a confirmation and shows the refusal when the credits are spent', async () => {
    const fetch = setup([paid({})]);
    fetch.on('POST', '/api/admin/payments/p-1/refund', problem(409, 'Вернуть платёж нельзя: у пользователя 20 свободных кредитов, а платёж принёс 100'));
    renderWithApp(<PaymentsPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Вернуть' }));
    const dialog = await screen.findByTestId('refund-dialog');
    expect(dialog).toHaveTextContent('спишется 100 кредитов');
    await userEvent.click(within(dialog).getByRole('button', { name: /Вернуть 590/ }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('20 свободных кредитов');

    fetch.on('POST', '/api/admin/payments/p-1/refund', json(200, { payment: paid({ status: 'refunded' }) }));
    fetch.on('GET', '/api/admin/payments', json(200, { items: [paid({ status: 'refunded' })], total: 1 }));
    await userEvent.click(within(dialog).getByRole('button', { name: /Вернуть 590/ }));
    await waitFor(() => expect(screen.queryByTestId('refund-dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('payment-row')).toHaveTextContent('Возвращён'));
    expect(fetch.callsTo('POST', '/api/admin/payments/p-1/refund')).toHaveLength(2);
  });

  it('says when there are no payments', async () => {
    setup([]);
    renderWithApp(<PaymentsPage />);
    expect(await screen.findByTestId('payments-empty')).toHaveTextContent('Платежей пока нет');
  });
});
