import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import { LIMITS } from '../../api/limits';
import { formatCredits } from '../../shared/lib/format';
import { parseInteger, validateTopUp } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { useTopUp } from './hooks';

const PRESETS = [50, 100, 500, 1000];

export function TopUpForm() {
  const topUp = useTopUp();
  const [amount, setAmount] = useState('100');
  const [error, setError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (topUp.isPending) return; // the button stays focusable while busy (aria-disabled)
    const found = validateTopUp(amount);
    setError(found);
    if (found) return topUp.reset();
    topUp.mutate(parseInteger(amount));
  }

  // A refused amount is shown next to the field, anything else (network, 5xx) above the button.
  const serverFieldError = topUp.error instanceof ApiError ? topUp.error.fieldErrors.amount : undefined;
  const formError = topUp.error && !serverFieldError ? messageOf(topUp.error) : null;
  const success = topUp.isSuccess ? `Баланс пополнен на ${formatCredits(topUp.variables)}.` : null;
  const busy = topUp.isPending;

  return (
    <form className="form topup" onSubmit={handleSubmit} noValidate aria-label="Пополнение баланса">
      <Field label="Сумма пополнения, кредитов" error={error ?? serverFieldError} hint={`От ${LIMITS.topUp.min} до ${LIMITS.topUp.max.toLocaleString('ru-RU')} за раз.`}>
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
      <div className="topup__presets" role="group" aria-label="Быстрый выбор суммы">
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
      <button className="btn btn--primary btn--block" type="submit" aria-disabled={busy || undefined}>
        {busy ? 'Пополняем…' : 'Пополнить'}
      </button>
    </form>
  );
}
