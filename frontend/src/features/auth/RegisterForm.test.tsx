import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, testUser } from '../../test/render';
import { RegisterForm } from './RegisterForm';

async function fill(email: string, password: string, confirm = password) {
  if (email) await userEvent.type(screen.getByLabelText('Email'), email);
  if (password) await userEvent.type(screen.getByLabelText('Пароль'), password);
  if (confirm) await userEvent.type(screen.getByLabelText('Повторите пароль'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Зарегистрироваться' }));
}

const session = { access_token: 'access-1', token_type: 'bearer', expires_in: 900, user: testUser };

describe('RegisterForm', () => {
  it('enforces the password length limits of the API (8..128)', async () => {
    const fetch = mockFetch();
    renderWithApp(<RegisterForm />);
    await fill('baker@example.com', '1234567');
    expect(screen.getByText('Пароль должен быть не короче 8 символов.')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Пароль'));
    await userEvent.click(screen.getByLabelText('Пароль'));
    await userEvent.paste('x'.repeat(129));
    await userEvent.click(screen.getByRole('button', { name: 'Зарегистрироваться' }));
    expect(screen.getByText('Пароль должен быть не длиннее 128 символов.')).toBeInTheDocument();
    expect(fetch.calls).toHaveLength(0);
  });

  it('requires the confirmation to match', async () => {
    const fetch = mockFetch();
    renderWithApp(<RegisterForm />);
    await fill('baker@example.com', 'password-1', 'password-2');
    expect(screen.getByText('Пароли не совпадают.')).toBeInTheDocument();
    expect(fetch.calls).toHaveLength(0);
  });

  it('registers, then signs in with the same credentials', async () => {
    const fetch = mockFetch();
    fetch.on('POST', '/api/auth/register', json(201, { user: testUser }));
    fetch.on('POST', '/api/auth/login', json(200, session));
    renderWithApp(<RegisterForm />);
    await fill('baker@example.com', 'password-1');
    await waitFor(() => expect(fetch.callsTo('POST', '/api/auth/login')).toHaveLength(1));
    const credentials = { email: 'baker@example.com', password: 'password-1' };
    expect(fetch.callsTo('POST', '/api/auth/register')[0].body).toEqual(credentials);
    expect(fetch.callsTo('POST', '/api/auth/login')[0].body).toEqual(credentials);
  });

  it('shows a taken email (409) next to the email field', async () => {
    const fetch = mockFetch();
    fetch.on('POST', '/api/auth/register', problem(409, 'Email already registered'));
    renderWithApp(<RegisterForm />);
    await fill('baker@example.com', 'password-1');
    expect(await screen.findByText(/Этот email уже зарегистрирован/)).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(fetch.callsTo('POST', '/api/auth/login')).toHaveLength(0);
  });

  it('shows server field errors (422) next to their fields', async () => {
    const fetch = mockFetch();
    fetch.on(
      'POST',
      '/api/auth/register',
      problem(422, 'Некорректные данные запроса', [{ field: 'email', message: 'некорректный адрес электронной почты' }]),
    );
    renderWithApp(<RegisterForm />);
    await fill('baker@example.co', 'password-1');
    expect(await screen.findByText('некорректный адрес электронной почты')).toBeInTheDocument();
    expect(screen.queryByText('Некорректные данные запроса')).not.toBeInTheDocument();
  });
});
