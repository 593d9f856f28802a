import { useState, type FormEvent } from 'react';
import { ApiError, formErrorMessage } from '../../api/errors';
import type { AdjustmentInput, User } from '../../api/models';
import { formatCredits, formatNumber } from '../../shared/lib/format';
import { parseInteger, validateAdjustment, validateComment } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { Modal } from '../../shared/ui/Modal';

interface AdjustDialogProps {
  user: User;
  onSubmit: (input: AdjustmentInput) => Promise<unknown>;
  onClose: () => void;
}

type Errors = Partial<Record<'amount' | 'description', string>>;

/** Two steps: enter a signed amount and a required comment, then confirm before anything is sent. */
export function AdjustDialog({ user, onSubmit, onClose }: AdjustDialogProps) {
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const value = parseInteger(amount);

  function review(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    const amountError = validateAdjustment(amount);
    if (amountError) next.amount = amountError;
    const commentError = validateComment(description);
    if (commentError) next.description = commentError;
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length === 0) setConfirming(true);
  }

  async function confirm() {
    setBusy(true);
    setFormError(null);
    try {
      await onSubmit({ amount: value, description: description.trim() });
      onClose();
    } catch (error) {
      setConfirming(false);
      if (error instanceof ApiError && error.status === 402) {
        setErrors({ amount: 'Нельзя списать столько: баланс станет меньше зарезервированных кредитов.' });
      } else {
        if (error instanceof ApiError) setErrors(error.fieldErrors as Errors);
        setFormError(formErrorMessage(error, ['amount', 'description']));
      }
    } finally {
      setBusy(false);
    }
  }

  const newBalance = Number.isSafeInteger(value) ? user.balance_credits + value : user.balance_credits;

  return (
    <Modal title="Корректировка баланса" onClose={onClose} testId="adjust-dialog">
      <p className="muted adjust__who">
        {user.email} · баланс {formatNumber(user.balance_credits)}, в резерве {formatNumber(user.reserved_credits)}
      </p>
      {confirming ? (
        <div className="adjust__confirm" data-testid="adjust-confirm">
          <p>
            {value > 0 ? 'Начислить' : 'Списать'} <strong>{formatCredits(Math.abs(value))}</strong> пользователю{' '}
            <strong>{user.email}</strong>?
          </p>
          <p>
            Комментарий: «{description.trim()}»
          </p>
          <p className="muted">
            Баланс станет {formatNumber(newBalance)}. Операция попадёт в журнал и не может быть удалена.
          </p>
          <div className="modal__actions">
            <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)} disabled={busy}>
              Назад
            </button>
            <button type="button" className="btn btn--primary" onClick={() => void confirm()} disabled={busy}>
              {busy ? 'Сохраняем…' : 'Подтвердить'}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={review} noValidate aria-label="Корректировка баланса">
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <Field label="Сумма, кредитов" error={errors.amount} hint="Положительная — начисление, отрицательная (со знаком минус) — списание.">
            <input
              className="input"
              type="text"
              inputMode="numeric"
              name="amount"
              placeholder="например, 100 или -50"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </Field>
          <Field label="Комментарий" error={errors.description}>
            <textarea
              className="input textarea"
              name="description"
              rows={3}
              placeholder="Причина: компенсация, акция, исправление ошибки…"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </Field>
          <div className="modal__actions">
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              Отмена
            </button>
            <button type="submit" className="btn btn--primary">
              Далее
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
