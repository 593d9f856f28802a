import { useState, type FormEvent } from 'react';
import { ApiError, formErrorMessage } from '../../api/errors';
import type { Credentials } from '../../api/models';
import { validateEmail } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';

interface LoginFormProps {
  onSubmit: (credentials: Credentials) => Promise<unknown>;
}

type Errors = Partial<Record<'email' | 'password', string>>;

export function LoginForm({ onSubmit }: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    const emailError = validateEmail(email);
    if (emailError) next.email = emailError;
    if (!password) next.password = 'Введите пароль.';
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length) return;
    setBusy(true);
    try {
      await onSubmit({ email: email.trim(), password });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setFormError('Неверный email или пароль.');
      } else if (error instanceof ApiError && error.status === 403) {
        setFormError('Учётная запись отключена. Обратитесь к администратору.');
      } else {
        setErrors((error instanceof ApiError && error.fieldErrors) || {});
        setFormError(formErrorMessage(error, ['email', 'password']));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Вход">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field label="Email" error={errors.email}>
        <input
          className="input"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>
      <Field label="Пароль" error={errors.password}>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
        {busy ? 'Входим…' : 'Войти'}
      </button>
    </form>
  );
}
