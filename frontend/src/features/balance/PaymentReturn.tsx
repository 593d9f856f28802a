import { useSearchParams } from 'react-router';
import { ApiError, messageOf } from '../../api/errors';
import { formatCredits } from '../../shared/lib/format';
import { Alert } from '../../shared/ui/Alert';
import { usePaymentWatch } from './hooks';

/**
 * The balance page the payment service sends the payer back to (`?payment={id}`): waits for the
 * payment's confirmation, then says what came of it. Closing it drops the parameter.
 */
export function PaymentReturn() {
  const [params, setParams] = useSearchParams();
  const id = params.get('payment');
  const watch = usePaymentWatch(id);
  if (!id) return null;

  const close = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('payment');
        return next;
      },
      { replace: true },
    );
  const closeButton = (
    <button type="button" className="btn btn--ghost btn--sm" onClick={close}>
      Закрыть
    </button>
  );
  const payment = watch.data;

  let body;
  if (watch.isError && !payment) {
    const missing = watch.error instanceof ApiError && watch.error.status === 404;
    body = <Alert tone="error">{missing ? 'Платёж не найден.' : messageOf(watch.error)}</Alert>;
  } else if (!payment || payment.status === 'pending') {
    body = (
      <Alert tone="info" title="Ожидаем подтверждение оплаты…" testId="payment-waiting">
        {watch.slow
          ? 'Платёжный сервис ещё не подтвердил оплату. Если деньги списаны, кредиты придут сами — страницу можно закрыть.'
          : 'Обычно это занимает несколько секунд. Обновлять страницу не нужно.'}
      </Alert>
    );
  } else if (payment.status === 'canceled') {
    body = (
      <Alert tone="warning" title="Платёж отменён" testId="payment-canceled">
        {payment.cancel_reason ? `Причина: ${payment.cancel_reason}. ` : ''}Деньги не списаны, кредиты не начислены.
      </Alert>
    );
  } else {
    body = (
      <Alert tone="success" title={`Зачислено ${formatCredits(payment.credits)}`} testId="payment-credited">
        Спасибо за покупку! Кредиты уже на балансе.
      </Alert>
    );
  }
  return (
    <section className="card payment-return" aria-live="polite" aria-label="Оплата">
      {body}
      {payment && payment.status !== 'pending' ? closeButton : null}
    </section>
  );
}
