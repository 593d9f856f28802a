import type { BakeryContact, OrderQuote } from '../../api/models';
import { formatDate } from '../../shared/lib/format';
import { formatPhone } from '../../shared/orders/format';
import { OrderFacts } from '../../shared/orders/OrderFacts';
import { OrderStatus } from '../../shared/orders/OrderStatus';
import './order.css';

const NOTES: Partial<Record<OrderQuote['status'], string>> = {
  reapproval: 'Кондитер изменил заказ: нужно согласовать его заново.',
  expired: 'Срок предложения истёк: его можно посмотреть, но не согласовать. Попросите кондитера обновить заказ.',
  approved: 'Вы согласовали эту версию заказа.',
  changes_requested: 'Вы попросили правки: кондитер пришлёт новую версию.',
};

/** The order the client approves together with the design, and who bakes it. */
export function OrderCard({ quote, bakery }: { quote: OrderQuote; bakery: BakeryContact | null | undefined }) {
  const note = NOTES[quote.status];
  return (
    <section className="client-order" aria-labelledby="client-order-title" data-testid="order-card">
      <div className="client-order__head">
        <h2 className="client-order__title" id="client-order-title">
          Заказ
        </h2>
        <OrderStatus status={quote.status} />
      </div>
      {note ? (
        <p className={`client-order__notice client-order__notice--${quote.status}`} role="status">
          {note}
        </p>
      ) : null}
      <OrderFacts quote={quote} />
      {quote.note ? <p className="client-order__text">{quote.note}</p> : null}
      <p className="muted client-order__small">
        Версия {quote.version}
        {quote.status === 'expired' ? '' : ` · предложение действует до ${formatDate(quote.expires_at)}`}
      </p>
      {bakery ? (
        <div className="client-order__baker" data-testid="order-baker">
          <strong>{bakery.name}</strong>
          {bakery.city ? <span>, {bakery.city}</span> : null}
          <div className="client-order__contacts">
            {bakery.phone ? <a href={`tel:${bakery.phone}`}>{formatPhone(bakery.phone)}</a> : null}
            {bakery.telegram ? (
              <a href={`https://t.me/${bakery.telegram}`} target="_blank" rel="noopener noreferrer">
                Telegram @{bakery.telegram}
              </a>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
