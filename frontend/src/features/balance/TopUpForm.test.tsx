import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../api/errors';
import { TopUpForm } from './TopUpForm';

const amountInput = () => screen.getByLabelText('Сумма пополнения, кредитов');

async function submitAmount(value: string) {
  await userEvent.clear(amountInput());
  if (value) await userEvent.type(amountInput(), value);
  await userEvent.click(screen.getByRole('button', { name: 'Пополнить' }));
}

describe('TopUpForm', () => {
  it.each([
    ['', 'Укажите сумму пополнения.'],
    ['0', 'Сумма пополнения: от 1 до 10 000.'],
    ['10001', 'Сумма пополнения: от 1 до 10 000.'],
  ])('refuses %j', async (value, message) => {
    const onSubmit = vi.fn();
    render(<TopUpForm onSubmit={onSubmit} />);
    await submitAmount(value);
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits the amount and confirms', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<TopUpForm onSubmit={onSubmit} />);
    await submitAmount('10000');
    expect(onSubmit).toHaveBeenCalledWith(10000);
    expect(await screen.findByTestId('topup-success')).toHaveTextContent('Баланс пополнен на 10 000 кредитов.');
  });

  it('uses a preset', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<TopUpForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: '500' }));
    await userEvent.click(screen.getByRole('button', { name: 'Пополнить' }));
    expect(onSubmit).toHaveBeenCalledWith(500);
  });

  it('shows a server field error next to the amount and network errors above', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(422, { status: 422, errors: [{ field: 'amount', message: 'сумма пополнения от 1 до 10000' }] }))
      .mockRejectedValueOnce(new NetworkError());
    render(<TopUpForm onSubmit={onSubmit} />);
    await submitAmount('50');
    expect(await screen.findByText('сумма пополнения от 1 до 10000')).toBeInTheDocument();
    await submitAmount('50');
    expect(await screen.findByText(/Нет связи с сервером/)).toBeInTheDocument();
  });
});
