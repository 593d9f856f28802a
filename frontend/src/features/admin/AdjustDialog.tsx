import { useState, type FormEvent } from 'react';
import { ApiError, formErrorMessage } from '../../api/errors';
import type { AdjustmentResponse, User } from '../../api/models';
import { formatCredits, formatNumber } from '../../shared/lib/format';
import { parseInteger, validateAdjustment, validateComment } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { Modal } from '../../shared/ui/Modal';
import { useAdjustBalance } from './hooks';

interface AdjustDialogProps {
  user: User;
  /** Called once the adjustment is stored (the dialog then closes). */
  onDone: (result: AdjustmentResponse) => void;
  onClose: () => void;
}

type Errors = Partial<Record<'amount' | 'description', string>>;

/** Two steps: enter a signed amount and a required comment, then confirm before anything is sent. */
export function AdjustDialog({ user, onDone, onClose }: AdjustDialogProps) {
  const adjust = useAdjustBalance();
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [confirming, setConfirming] = useState(false);

  const value = parseInteger(amount);
  const available = Math.max(0, user.available_credits);

  function review(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    const amountError = validateAdjustment(amount);
    if (amountError) next.amount = amountError;
    else if (value < 0 && -value > available) {
      // The server refuses a debit below the reserved credits: say so before the confirmation step.
      next.amount =
        available > 0
          ? `Можно списать не больше ${formatCredits(available)}: остальное зарезервировано за дизайны в работе.`
          : 'Списать нечего: все кредиты пользователя зарезервированы за дизайны в работе или баланс пуст.';
    }
    const commentError = validateComment(description);
    if (commentError) next.description = commentError;
    setErrors(next);
    adjust.reset();
    if (Object.keys(next).length === 0) setConfirming(true);
  }

  function confirm() {
    adjust.mutate(
      { userId: user.id, input: { amount: value, description: description.trim() } },
      {
        onSuccess: (result) => {
          onDone(result);
          onClose();
        },
        onError: () => setConfirming(false), // back to the form, where the error is shown
      },
    );
  }

  // Errors of the last attempt: a refused debit (402) belongs to the amount, field errors to their fields.
  const refused = adjust.error instanceof ApiError && adjust.error.status === 402;
  const serverErrors: Errors = refused
    ? { amount: 'Нельзя списать столько: баланс станет меньше зарезервированных кредитов.' }
    : adjust.error instanceof ApiError
      ? (adjust.error.fieldErrors as Errors)
      : {};
  const formError = adjust.error && !refused ? formErrorMessage(adjust.error, ['amount', 'description']) : null;
  const shownErrors = { ...serverErrors, ...errors };
  const busy = adjust.isPending;

  const newBalance = Number.isSafeInteger(value) ? user.balance_credits + value : user.balance_credits;
  const newAvailable = newBalance - user.reserved_credits;

  return (
    <Modal title="Корректировка баланса" onClose={onClose} testId="adjust-dialog">
      <p className="muted adjust__who">
        {user.email} · баланс {formatNumber(user.balance_credits)}, в резерве {formatNumber(user.reserved_credits)}, доступно{' '}
        {formatNumber(available)}
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
            Баланс станет {formatNumber(newBalance)}, доступно — {formatNumber(newAvailable)}. Операция попадёт в журнал и не
            может быть удалена.
          </p>
          <div className="modal__actions">
            <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)} disabled={busy}>
              Назад
            </button>
            <button type="button" className="btn btn--primary" onClick={confirm} disabled={busy}>
              {busy ? 'Сохраняем…' : 'Подтвердить'}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={review} noValidate aria-label="Корректировка баланса">
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <Field label="Сумма, кредитов" error={shownErrors.amount} hint="Положительная — начисление, отрицательная (со знаком минус) — списание.">
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
          <Field label="Комментарий" error={shownErrors.description}>
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
