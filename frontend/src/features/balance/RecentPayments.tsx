import { usePayments } from '../../api/queries';
import { formatCredits, formatDateTime, formatRoubles, PAYMENT_STATUS_LABELS } from '../../shared/lib/format';

const RECENT = 5;
const BADGE: Record<string, string> = {
  pending: 'badge--status-pending',
  succeeded: 'badge--status-success',
  canceled: 'badge--status-failed',
  refunding: 'badge--status-processing',
  refunded: 'badge--muted',
};

/** The caller's latest payments, with the reason of a canceled one. Nothing while there are none. */
export function RecentPayments() {
  const payments = usePayments({ limit: RECENT });
  if (!payments.data || payments.data.total === 0) return null;
  return (
    <div className="recent-payments" data-testid="recent-payments">
      <h2 className="card__title">Последние платежи</h2>
      <ul className="recent-payments__list">
        {payments.data.items.map((p) => (
          <li key={p.id} className="recent-payment">
            <span className="recent-payment__what">
              {formatCredits(p.credits)} · {formatRoubles(p.amount)}
            </span>
            <span className={`badge ${BADGE[p.status] ?? ''}`}>{PAYMENT_STATUS_LABELS[p.status]}</span>
            <span className="recent-payment__when muted">{formatDateTime(p.created_at)}</span>
            {p.status === 'canceled' && p.cancel_reason ? <span className="recent-payment__reason muted">{p.cancel_reason}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
