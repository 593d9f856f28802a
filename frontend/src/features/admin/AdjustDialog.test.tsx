import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn, testUser } from '../../test/render';
import { AdjustDialog, debitRefusal } from './AdjustDialog';

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

  it('refuses, before confirming, a debit larger than the credits not reserved, naming the reserve', async () => {
    const fetch = setup();
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-115');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(
      screen.getByText('Баланс не может стать меньше резерва за дизайны в работе (20 кредитов): списать можно самое большее 100 кредитов.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('adjust-confirm')).not.toBeInTheDocument();
    expect(fetch.callsTo('POST', ADJUST)).toHaveLength(0);
  });

  it('says the balance cannot go below zero, and nothing of a reserve, when nothing is reserved', async () => {
    setup();
    const idle = { ...testUser, balance_credits: 120, reserved_credits: 0, available_credits: 120 };
    renderWithApp(<AdjustDialog user={idle} onDone={vi.fn()} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-100000');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByText('Баланс не может стать меньше нуля: списать можно самое большее 120 кредитов.')).toBeInTheDocument();
    expect(screen.queryByText(/за дизайны в работе/)).not.toBeInTheDocument();
  });

  it.each([
    [{ available_credits: 0, reserved_credits: 0 }, 'Списать нечего: баланс равен нулю и не может стать меньше нуля.'],
    [{ available_credits: 0, reserved_credits: 21 }, 'Списать нечего: весь баланс в резерве за дизайны в работе (21 кредит).'],
    [{ available_credits: 1, reserved_credits: 3 }, 'Баланс не может стать меньше резерва за дизайны в работе (3 кредита): списать можно самое большее 1 кредит.'],
  ])('words the refusal for %o', (user, reason) => {
    expect(debitRefusal(user)).toBe(reason);
  });

  it('shows the reason the server gives for a debit it refuses (402: a reservation made meanwhile)', async () => {
    const fetch = setup();
    const reason = 'Баланс не может стать меньше резерва за дизайны в работе (40 кредитов): списать можно самое большее 80 кредитов.';
    fetch.on('POST', ADJUST, problem(402, reason));
    const onClose = vi.fn();
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={onClose} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-90');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    await userEvent.click(screen.getByRole('button', { name: 'Подтвердить' }));
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('explains a refused debit in Russian when the server says it otherwise', async () => {
    const fetch = setup();
    fetch.on('POST', ADJUST, problem(402, 'Insufficient'));
    renderWithApp(<AdjustDialog user={testUser} onDone={vi.fn()} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-90');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    await userEvent.click(screen.getByRole('button', { name: 'Подтвердить' }));
    expect(await screen.findByText(/Нельзя списать столько: баланс не может стать меньше нуля/)).toBeInTheDocument();
  });
});
