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

const REFUSED = 'Нельзя списать столько: баланс не может стать меньше нуля и меньше резерва за дизайны в работе.';

/**
 * Why no more than the available credits can be taken (the server says the same, domain/wallet.py):
 * the balance may not go below zero, nor below the reserve for designs in work, named only when
 * something is reserved.
 */
export function debitRefusal(user: Pick<User, 'available_credits' | 'reserved_credits'>): string {
  const available = Math.max(0, user.available_credits);
  const reserved = user.reserved_credits;
  const inWork = `резерва за дизайны в работе (${formatCredits(reserved)})`;
  if (available > 0) return `Баланс не может стать меньше ${reserved > 0 ? inWork : 'нуля'}: списать можно самое большее ${formatCredits(available)}.`;
  if (reserved > 0) return `Списать нечего: весь баланс в резерве за дизайны в работе (${formatCredits(reserved)}).`;
  return 'Списать нечего: баланс равен нулю и не может стать меньше нуля.';
}

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
    else if (value < 0 && -value > available) next.amount = debitRefusal(user); // before the confirmation step
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

  // Errors of the last attempt: a refused debit (402: a reservation made meanwhile) belongs to the
  // amount, in the server's words (they have the balance as it is now); field errors to their fields.
  const refused = adjust.error instanceof ApiError && adjust.error.status === 402 ? adjust.error : null;
  const serverErrors: Errors = refused
    ? { amount: refused.problem?.detail === refused.message ? refused.message : REFUSED }
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
