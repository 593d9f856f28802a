import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, testUser } from '../../test/render';
import { LoginForm } from './LoginForm';

async function logIn(email: string, password: string) {
  await userEvent.type(screen.getByLabelText('Email'), email);
  await userEvent.type(screen.getByLabelText('Пароль'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
}

describe('LoginForm', () => {
  it('validates before submitting', async () => {
    const fetch = mockFetch();
    renderWithApp(<LoginForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(screen.getByText('Укажите email.')).toBeInTheDocument();
    expect(screen.getByText('Введите пароль.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(screen.getByText(/Похоже, в email ошибка/)).toBeInTheDocument();
    expect(fetch.calls).toHaveLength(0);
  });

  it('submits trimmed credentials and keeps the returned user as the session', async () => {
    const fetch = mockFetch();
    fetch.on('POST', '/api/auth/login', json(200, { access_token: 'a-1', token_type: 'bearer', expires_in: 900, user: testUser }));
    const { client } = renderWithApp(<LoginForm />);
    await logIn('  baker@example.com ', 'secret-pass');
    await waitFor(() => expect(client.getQueryData(['me'])).toEqual(testUser));
    expect(fetch.callsTo('POST', '/api/auth/login')[0].body).toEqual({ email: 'baker@example.com', password: 'secret-pass' });
  });

  it('says the credentials are wrong on 401', async () => {
    const fetch = mockFetch();
    fetch.on('POST', '/api/auth/login', problem(401, 'Invalid credentials'));
    renderWithApp(<LoginForm />);
    await logIn('baker@example.com', 'wrong-pass');
    expect(await screen.findByRole('alert')).toHaveTextContent('Неверный email или пароль.');
    expect(screen.getByRole('button', { name: 'Войти' })).toBeEnabled();
  });
});
