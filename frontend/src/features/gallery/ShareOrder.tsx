import { Link } from 'react-router';
import type { Bakery } from '../../api/models';
import { QuoteFields, emptyDraft, quoteFromDraft, type QuoteDraft, type QuoteErrors } from '../../shared/orders/QuoteFields';

/** What the share dialog keeps of the order card: off, or the draft being typed. */
export interface OrderChoice {
  on: boolean;
  draft: QuoteDraft | null;
  errors: QuoteErrors;
}

export const NO_ORDER: OrderChoice = { on: false, draft: null, errors: {} };

/** The order to send with the link, or `undefined` when the draft stops it (errors shown). */
export function orderToSend(choice: OrderChoice, bakery: Bakery | null | undefined, update: (choice: OrderChoice) => void) {
  if (!choice.on || !bakery || !choice.draft) return null;
  const { quote, errors } = quoteFromDraft(choice.draft, bakery);
  update({ ...choice, errors });
  return quote ?? undefined;
}

/** «Добавить заказ»: the order card's fields under the link's, from the baker's price list. */
export function ShareOrder({
  bakery,
  choice,
  onChange,
}: {
  bakery: Bakery | null | undefined;
  choice: OrderChoice;
  onChange: (choice: OrderChoice) => void;
}) {
  if (bakery === undefined) return null; // still loading
  if (bakery === null) {
    return (
      <p className="muted share__order-hint" data-testid="share-order-hint">
        Чтобы отправить вместе с эскизом заказ с ценой и датой, заполните <Link to="/orders/price-list">прайс-лист</Link>.
      </p>
    );
  }
  return (
    <div className="share__order">
      <label className="share__order-toggle">
        <input
          type="checkbox"
          name="with-order"
          checked={choice.on}
          onChange={(e) => onChange({ on: e.target.checked, draft: choice.draft ?? emptyDraft(bakery), errors: {} })}
        />
        Добавить заказ: вес, дата и цена
      </label>
      {choice.on && choice.draft ? (
        <QuoteFields bakery={bakery} draft={choice.draft} errors={choice.errors} onChange={(draft) => onChange({ ...choice, draft })} />
      ) : null}
    </div>
  );
}
