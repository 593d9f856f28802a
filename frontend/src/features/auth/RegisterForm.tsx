import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../api/limits';
import { ApiError, formErrorMessage } from '../../api/errors';
import { validateEmail, validatePassword } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { useRegister } from './hooks';

type Errors = Partial<Record<'email' | 'password' | 'confirm', string>>;

export function RegisterForm() {
  const registration = useRegister();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  function validate(): Errors {
    const next: Errors = {};
    const emailError = validateEmail(email);
    if (emailError) next.email = emailError;
    const passwordError = validatePassword(password);
    if (passwordError) next.password = passwordError;
    else if (confirm !== password) next.confirm = 'Пароли не совпадают.';
    return next;
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (registration.isPending) return; // the button stays focusable while busy (aria-disabled)
    const next = validate();
    setErrors(next);
    if (Object.keys(next).length) return registration.reset();
    registration.mutate({ email: email.trim(), password });
  }

  const { fieldErrors, formError } = registrationErrors(registration.error);
  const shownErrors = { ...fieldErrors, ...errors };
  const busy = registration.isPending;

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Регистрация">
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
      <Field
        label="Пароль"
        error={shownErrors.password}
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
      <Field label="Повторите пароль" error={shownErrors.confirm}>
        <input
          className="input"
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
      </Field>
      <button className="btn btn--primary btn--block" type="submit" aria-disabled={busy || undefined}>
        {busy ? 'Создаём аккаунт…' : 'Зарегистрироваться'}
      </button>
    </form>
  );
}

/** A taken email (409) is said next to the field; other failures above the form. */
function registrationErrors(error: Error | null): { fieldErrors: Errors; formError: string | null } {
  if (!error) return { fieldErrors: {}, formError: null };
  const fieldErrors: Errors = error instanceof ApiError ? { ...error.fieldErrors } : {};
  const taken = error instanceof ApiError && error.status === 409;
  if (taken && !fieldErrors.email) fieldErrors.email = 'Этот email уже зарегистрирован. Войдите или укажите другой.';
  return { fieldErrors, formError: taken ? null : formErrorMessage(error, ['email', 'password']) };
}
