import { useState, type FormEvent } from 'react';
import { ApiError, formErrorMessage } from '../../api/errors';
import { validateEmail } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { useLogin } from './hooks';

type Errors = Partial<Record<'email' | 'password', string>>;

export function LoginForm() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (login.isPending) return; // the button stays focusable while busy (aria-disabled)
    const next: Errors = {};
    const emailError = validateEmail(email);
    if (emailError) next.email = emailError;
    if (!password) next.password = 'Введите пароль.';
    setErrors(next);
    if (Object.keys(next).length) return login.reset();
    login.mutate({ email: email.trim(), password });
  }

  const { fieldErrors, formError } = loginErrors(login.error);
  const shownErrors = { ...fieldErrors, ...errors };
  const busy = login.isPending;

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Вход">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field label="Email" error={shownErrors.email}>
        <input
          className="input"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>
      <Field label="Пароль" error={shownErrors.password}>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <button className="btn btn--primary btn--block" type="submit" aria-disabled={busy || undefined}>
        {busy ? 'Входим…' : 'Войти'}
      </button>
    </form>
  );
}

/** A refused login: wrong credentials and a disabled account get their own words. */
function loginErrors(error: Error | null): { fieldErrors: Errors; formError: string | null } {
  if (!error) return { fieldErrors: {}, formError: null };
  if (error instanceof ApiError && error.status === 401) return { fieldErrors: {}, formError: 'Неверный email или пароль.' };
  if (error instanceof ApiError && error.status === 403) {
    return { fieldErrors: {}, formError: 'Учётная запись отключена. Обратитесь к администратору.' };
  }
  return {
    fieldErrors: error instanceof ApiError ? error.fieldErrors : {},
    formError: formErrorMessage(error, ['email', 'password']),
  };
}
