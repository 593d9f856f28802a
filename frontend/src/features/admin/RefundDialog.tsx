import { messageOf } from '../../api/errors';
import type { Payment } from '../../api/models';
import { formatCredits, formatRoubles } from '../../shared/lib/format';
import { Alert } from '../../shared/ui/Alert';
import { Modal } from '../../shared/ui/Modal';
import { useRefundPayment } from './hooks';

/** Confirms a refund: the payer's credits are taken back and the money returned through the payment service. */
export function RefundDialog({ payment, payer, onClose }: { payment: Payment; payer: string; onClose: () => void }) {
  const refund = useRefundPayment();
  const busy = refund.isPending;
  return (
    <Modal
      title="Вернуть платёж?"
      onClose={onClose}
      testId="refund-dialog"
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Отмена
          </button>
          <button
            type="button"
            className="btn btn--primary"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) refund.mutate(payment.id, { onSuccess: onClose });
            }}
          >
            {busy ? 'Возвращаем…' : `Вернуть ${formatRoubles(payment.amount)}`}
          </button>
        </>
      }
    >
      <p>
        С баланса {payer} спишется {formatCredits(payment.credits)}, а {formatRoubles(payment.amount)} вернутся плательщику через
        платёжный сервис. Вернуть можно, только пока у пользователя есть столько свободных кредитов.
      </p>
      {refund.isError ? <Alert tone="error">{messageOf(refund.error)}</Alert> : null}
    </Modal>
  );
}
