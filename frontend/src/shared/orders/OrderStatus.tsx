import type { QuoteStatus } from '../../api/models';
import { QUOTE_STATUS_LABELS } from './format';
import './orders.css';

export function OrderStatus({ status }: { status: QuoteStatus }) {
  return (
    <span className={`badge order-status--${status}`} data-testid="order-status">
      {QUOTE_STATUS_LABELS[status]}
    </span>
  );
}
