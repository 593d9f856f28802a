import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn, testUser } from '../../test/render';
import { AdjustDialog } from './AdjustDialog';

const ADJUST = `/api/admin/users/${testUser.id}/adjustments`;

function setup() {
  const fetch = mockFetch();
  signedIn(fetch);
  return fetch;
}

describe('AdjustDialog', () => {
  it('requires a non-zero amount and a comment before confirming', async () => {
    const fetch = setup();
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByText('Укажите сумму корректировки.')).toBeInTheDocument();
    expect(screen.getByText(/Комментарий обязателен/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '0');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByText('Сумма не может быть нулевой.')).toBeInTheDocument();
    expect(fetch.callsTo('POST', ADJUST)).toHaveLength(0);
  });

  it('asks for confirmation and only then sends the signed amount', async () => {
    const fetch = setup();
    const result = {
      transaction: { id: 't1', user_id: testUser.id, amount: 50, type: 'debit', kind: 'admin_adjustment', description: 'Возврат', prediction_request_id: null, created_at: '2026-01-01T10:00:00Z' },
      user: { ...testUser, balance_credits: 70, available_credits: 50 },
    };
    fetch.on('POST', ADJUST, json(200, result));
    const onDone = vi.fn();
    const onClose = vi.fn();
    renderWithApp(<AdjustDialog user={testUser} onDone={onDone} onClose={onClose} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-50');
    await userEvent.type(screen.getByLabelText('Комментарий'), '  Возврат ошибочного пополнения ');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    const confirm = screen.getByTestId('adjust-confirm');
    expect(confirm).toHaveTextContent('Списать 50 кредитов пользователю baker@example.com?');
    expect(confirm).toHaveTextContent('Баланс станет 70, доступно — 50.');
    expect(fetch.callsTo('POST', ADJUST)).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Подтвердить' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(fetch.callsTo('POST', ADJUST)[0].body).toEqual({ amount: -50, description: 'Возврат ошибочного пополнения' });
    expect(onDone).toHaveBeenCalledWith(result);
  });

  it('can go back from the confirmation without sending', async () => {
    const fetch = setup();
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '+25');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Акция');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByTestId('adjust-confirm')).toHaveTextContent('Начислить 25 кредитов');
    await userEvent.click(screen.getByRole('button', { name: 'Назад' }));
    expect(screen.getByLabelText('Сумма, кредитов')).toHaveValue('+25');
    expect(fetch.callsTo('POST', ADJUST)).toHaveLength(0);
  });

  it('refuses, before confirming, a debit larger than the credits not reserved', async () => {
    const fetch = setup();
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-115');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByText(/Можно списать не больше 100 кредитов/)).toBeInTheDocument();
    expect(screen.queryByTestId('adjust-confirm')).not.toBeInTheDocument();
    expect(fetch.callsTo('POST', ADJUST)).toHaveLength(0);
  });

  it('explains a debit the server refuses (402: a reservation made meanwhile) next to the amount', async () => {
    const fetch = setup();
    fetch.on('POST', ADJUST, problem(402, 'Insufficient'));
    const onClose = vi.fn();
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={onClose} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-90');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    await userEvent.click(screen.getByRole('button', { name: 'Подтвердить' }));
    expect(await screen.findByText(/баланс станет меньше зарезервированных кредитов/)).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});
