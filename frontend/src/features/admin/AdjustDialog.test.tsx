import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { testUser } from '../../test/render';
import { AdjustDialog } from './AdjustDialog';

describe('AdjustDialog', () => {
  it('requires a non-zero amount and a comment before confirming', async () => {
    const onSubmit = vi.fn();
    render(<AdjustDialog user={testUser} onSubmit={onSubmit} onClose={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByText('Укажите сумму корректировки.')).toBeInTheDocument();
    expect(screen.getByText(/Комментарий обязателен/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '0');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByText('Сумма не может быть нулевой.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('asks for confirmation and only then sends the signed amount', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    const onClose = vi.fn();
    render(<AdjustDialog user={testUser} onSubmit={onSubmit} onClose={onClose} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-50');
    await userEvent.type(screen.getByLabelText('Комментарий'), '  Возврат ошибочного пополнения ');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    const confirm = screen.getByTestId('adjust-confirm');
    expect(confirm).toHaveTextContent('Списать 50 кредитов пользователю baker@example.com?');
    expect(confirm).toHaveTextContent('Баланс станет 70.');
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Подтвердить' }));
    expect(onSubmit).toHaveBeenCalledWith({ amount: -50, description: 'Возврат ошибочного пополнения' });
    expect(onClose).toHaveBeenCalled();
  });

  it('can go back from the confirmation without sending', async () => {
    const onSubmit = vi.fn();
    render(<AdjustDialog user={testUser} onSubmit={onSubmit} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '+25');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Акция');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    expect(screen.getByTestId('adjust-confirm')).toHaveTextContent('Начислить 25 кредитов');
    await userEvent.click(screen.getByRole('button', { name: 'Назад' }));
    expect(screen.getByLabelText('Сумма, кредитов')).toHaveValue('+25');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('explains a refused debit (402) next to the amount', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ApiError(402, { status: 402, detail: 'Insufficient' }));
    render(<AdjustDialog user={testUser} onSubmit={onSubmit} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Сумма, кредитов'), '-115');
    await userEvent.type(screen.getByLabelText('Комментарий'), 'Списание');
    await userEvent.click(screen.getByRole('button', { name: 'Далее' }));
    await userEvent.click(screen.getByRole('button', { name: 'Подтвердить' }));
    expect(await screen.findByText(/баланс станет меньше зарезервированных кредитов/)).toBeInTheDocument();
  });
});
