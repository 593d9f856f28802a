import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import { LIMITS } from '../../api/limits';
import { formatCredits } from '../../shared/lib/format';
import { parseInteger, validateTopUp } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';

const PRESETS = [50, 100, 500, 1000];

interface TopUpFormProps {
  onSubmit: (amount: number) => Promise<unknown>;
}

export function TopUpForm({ onSubmit }: TopUpFormProps) {
  const [amount, setAmount] = useState('100');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setSuccess(null);
    setFormError(null);
    const found = validateTopUp(amount);
    setError(found);
    if (found) return;
    const value = parseInteger(amount);
    setBusy(true);
    try {
      await onSubmit(value);
      setSuccess(`Баланс пополнен на ${formatCredits(value)}.`);
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fieldErrors.amount : undefined;
      if (fieldError) setError(fieldError);
      else setFormError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form topup" onSubmit={handleSubmit} noValidate aria-label="Пополнение баланса">
      <Field label="Сумма пополнения, кредитов" error={error} hint={`От ${LIMITS.topUp.min} до ${LIMITS.topUp.max.toLocaleString('ru-RU')} за раз.`}>
        <input
          className="input input--lg"
          type="number"
          inputMode="numeric"
          name="amount"
          min={LIMITS.topUp.min}
          max={LIMITS.topUp.max}
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
      </Field>
      <div className="topup__presets" aria-label="Быстрый выбор суммы">
        {PRESETS.map((preset) => (
          <button key={preset} type="button" className={`chip${amount === String(preset) ? ' chip--active' : ''}`} onClick={() => setAmount(String(preset))}>
            {preset}
          </button>
        ))}
      </div>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {success ? (
        <Alert tone="success" testId="topup-success">
          {success}
        </Alert>
      ) : null}
      <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
        {busy ? 'Пополняем…' : 'Пополнить'}
      </button>
    </form>
  );
}
