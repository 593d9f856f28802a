import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/errors';
import type { Bakery, Order } from '../../api/models';
import { useAnnounce } from '../../shared/a11y/announcer';
import { QuoteFields, draftOf, quoteFromDraft, type QuoteErrors } from '../../shared/orders/QuoteFields';
import { Alert } from '../../shared/ui/Alert';
import { Modal } from '../../shared/ui/Modal';
import { useSetQuote } from './hooks';

/** «Изменить заказ»: the next version, priced from the price list as it is now. */
export function EditOrderDialog({ order, bakery, onClose }: { order: Order; bakery: Bakery; onClose: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(order.quote));
  const [errors, setErrors] = useState<QuoteErrors>({});
  const save = useSetQuote(order.token);
  useAnnounce(save.isSuccess ? 'Заказ изменён: клиент увидит новую версию' : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { quote, errors: found } = quoteFromDraft(draft, bakery);
    setErrors(found);
    if (quote) save.mutate(quote, { onSuccess: onClose });
  }

  return (
    <Modal title={`Изменить заказ (сейчас версия ${order.quote.version})`} onClose={onClose} testId="edit-order-dialog">
      <form className="orders__edit" onSubmit={submit} noValidate>
        {order.status === 'approved' ? (
          <p className="muted">Клиент уже согласовал этот заказ: после изменения ему нужно будет согласовать его заново.</p>
        ) : null}
        <QuoteFields bakery={bakery} draft={draft} onChange={setDraft} errors={errors} />
        {save.isError ? <Alert title="Заказ не изменён">{messageOf(save.error)}</Alert> : null}
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? 'Сохраняем…' : 'Сохранить новую версию'}
        </button>
      </form>
    </Modal>
  );
}
