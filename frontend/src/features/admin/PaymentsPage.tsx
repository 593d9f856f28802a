import { useMemo, useState } from 'react';
import type { Payment } from '../../api/models';
import { useAdminPayments } from '../../api/queries';
import { formatCredits, formatDateTime, formatRoubles, PAYMENT_STATUS_LABELS } from '../../shared/lib/format';
import { useUrlFilters } from '../../shared/lib/useUrlFilters';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorState, Spinner } from '../../shared/ui/States';
import { useUserLabel } from './hooks';
import { EMPTY_PAYMENT_FILTERS, PaymentFilters, toPaymentQuery } from './PaymentFilters';
import { RefundDialog } from './RefundDialog';

export const PAYMENTS_PAGE_SIZE = 25;
const FILTERS = ['status', 'email', 'date_from', 'date_to'] as const;

/** Every payment: who bought which pack, for how much, what came of it; refunds of paid ones. */
export function PaymentsPage() {
  const { filters, offset, setFilters, setOffset } = useUrlFilters(FILTERS);
  const query = useMemo(() => toPaymentQuery(filters, PAYMENTS_PAGE_SIZE, offset), [filters, offset]);
  const payments = useAdminPayments(query);
  const userLabel = useUserLabel();
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="admin-payments">
      <PaymentFilters value={filters} onApply={setFilters} />
      {payments.isPending ? (
        <Spinner />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? 'Ничего не нашлось' : 'Платежей пока нет'}
          testId="payments-empty"
          action={
            filtered ? (
              <button type="button" className="btn btn--ghost" onClick={() => setFilters(EMPTY_PAYMENT_FILTERS)}>
                Сбросить фильтры
              </button>
            ) : undefined
          }
        />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--cards" data-testid="payments-table">
              <thead>
                <tr>
                  <th scope="col">Дата</th>
                  <th scope="col">Плательщик</th>
                  <th scope="col">Пакет</th>
                  <th scope="col" className="num">
                    Сумма
                  </th>
                  <th scope="col">Статус</th>
                  <th scope="col">
                    <span className="visually-hidden">Действия</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {payments.data.items.map((p) => (
                  <tr key={p.id} data-testid="payment-row">
                    <td data-label="Дата">{formatDateTime(p.created_at)}</td>
                    <td data-label="Плательщик">{userLabel(p.user_id)}</td>
                    <td data-label="Пакет">{formatCredits(p.credits)}</td>
                    <td data-label="Сумма" className="num">
                      {formatRoubles(p.amount)}
                    </td>
                    <td data-label="Статус">
                      {PAYMENT_STATUS_LABELS[p.status]}
                      {p.status === 'canceled' && p.cancel_reason ? <span className="muted admin-payments__reason">{p.cancel_reason}</span> : null}
                    </td>
                    <td data-label="">
                      {p.status === 'succeeded' ? (
                        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setRefunding(p)}>
                          Вернуть
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={payments.data.total} limit={PAYMENTS_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
      {refunding ? <RefundDialog payment={refunding} payer={userLabel(refunding.user_id)} onClose={() => setRefunding(null)} /> : null}
    </div>
  );
}
