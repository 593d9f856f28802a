import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { errorFromResponse } from '../../api/errors';
import { problem } from '../../test/fetchMock';
import { RegisterForm } from './RegisterForm';

async function fill(email: string, password: string, confirm = password) {
  if (email) await userEvent.type(screen.getByLabelText('Email'), email);
  if (password) await userEvent.type(screen.getByLabelText('Пароль'), password);
  if (confirm) await userEvent.type(screen.getByLabelText('Повторите пароль'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Зарегистрироваться' }));
}

describe('RegisterForm', () => {
  it('enforces the password length limits of the API (8..128)', async () => {
    const onSubmit = vi.fn();
    render(<RegisterForm onSubmit={onSubmit} />);
    await fill('baker@example.com', '1234567');
    expect(screen.getByText('Пароль должен быть не короче 8 символов.')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Пароль'));
    await userEvent.click(screen.getByLabelText('Пароль'));
    await userEvent.paste('x'.repeat(129));
    await userEvent.click(screen.getByRole('button', { name: 'Зарегистрироваться' }));
    expect(screen.getByText('Пароль должен быть не длиннее 128 символов.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('requires the confirmation to match', async () => {
    const onSubmit = vi.fn();
    render(<RegisterForm onSubmit={onSubmit} />);
    await fill('baker@example.com', 'password-1', 'password-2');
    expect(screen.getByText('Пароли не совпадают.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits valid data', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<RegisterForm onSubmit={onSubmit} />);
    await fill('baker@example.com', 'password-1');
    expect(onSubmit).toHaveBeenCalledWith({ email: 'baker@example.com', password: 'password-1' });
  });

  it('shows a taken email (409) next to the email field', async () => {
    const onSubmit = vi.fn().mockRejectedValue(await errorFromResponse(problem(409, 'Email already registered')));
    render(<RegisterForm onSubmit={onSubmit} />);
    await fill('baker@example.com', 'password-1');
    expect(await screen.findByText(/Этот email уже зарегистрирован/)).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows server field errors (422) next to their fields', async () => {
    const error = await errorFromResponse(
      problem(422, 'Некорректные данные запроса', [{ field: 'email', message: 'некорректный адрес электронной почты' }]),
    );
    render(<RegisterForm onSubmit={vi.fn().mockRejectedValue(error)} />);
    await fill('baker@example.co', 'password-1');
    expect(await screen.findByText('некорректный адрес электронной почты')).toBeInTheDocument();
    expect(screen.queryByText('Некорректные данные запроса')).not.toBeInTheDocument();
  });
});
