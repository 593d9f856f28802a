import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  it('validates before submitting', async () => {
    const onSubmit = vi.fn();
    render(<LoginForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(screen.getByText('Укажите email.')).toBeInTheDocument();
    expect(screen.getByText('Введите пароль.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(screen.getByText(/Похоже, в email ошибка/)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits trimmed credentials', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Email'), '  baker@example.com ');
    await userEvent.type(screen.getByLabelText('Пароль'), 'secret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(onSubmit).toHaveBeenCalledWith({ email: 'baker@example.com', password: 'secret-pass' });
  });

  it('says the credentials are wrong on 401', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ApiError(401, { status: 401, detail: 'Invalid credentials' }));
    render(<LoginForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Email'), 'baker@example.com');
    await userEvent.type(screen.getByLabelText('Пароль'), 'wrong-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Неверный email или пароль.');
  });
});
