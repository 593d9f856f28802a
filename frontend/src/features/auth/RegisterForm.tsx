import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../api/limits';
import { ApiError, formErrorMessage } from '../../api/errors';
import type { Credentials } from '../../api/models';
import { validateEmail, validatePassword } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';

interface RegisterFormProps {
  onSubmit: (credentials: Credentials) => Promise<unknown>;
}

type Errors = Partial<Record<'email' | 'password' | 'confirm', string>>;

export function RegisterForm({ onSubmit }: RegisterFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function validate(): Errors {
    const next: Errors = {};
    const emailError = validateEmail(email);
    if (emailError) next.email = emailError;
    const passwordError = validatePassword(password);
    if (passwordError) next.password = passwordError;
    else if (confirm !== password) next.confirm = 'Пароли не совпадают.';
    return next;
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const next = validate();
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length) return;
    setBusy(true);
    try {
      await onSubmit({ email: email.trim(), password });
    } catch (error) {
      const fieldErrors: Errors = error instanceof ApiError ? { ...error.fieldErrors } : {};
      if (error instanceof ApiError && error.status === 409 && !fieldErrors.email) {
        fieldErrors.email = 'Этот email уже зарегистрирован. Войдите или укажите другой.';
      }
      setErrors(fieldErrors);
      if (!(error instanceof ApiError && error.status === 409)) setFormError(formErrorMessage(error, ['email', 'password']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Регистрация">
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
      <Field
        label="Пароль"
        error={errors.password}
        hint={`От ${LIMITS.password.min} до ${LIMITS.password.max} символов.`}
      >
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <Field label="Повторите пароль" error={errors.confirm}>
        <input
          className="input"
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
      </Field>
      <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
        {busy ? 'Создаём аккаунт…' : 'Зарегистрироваться'}
      </button>
    </form>
  );
}
