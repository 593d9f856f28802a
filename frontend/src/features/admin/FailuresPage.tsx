import { useAdminGenerations } from '../../api/queries';
import { formatDateTime } from '../../shared/lib/format';
import { useUrlFilters } from '../../shared/lib/useUrlFilters';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorState, Spinner } from '../../shared/ui/States';
import { useUserLabel } from './hooks';

export const FAILURES_PAGE_SIZE = 25;
const NO_FILTERS = [] as const;

/** Failed generations of every user with the reason each failed: where an operator starts looking. */
export function FailuresPage() {
  const { offset, setOffset } = useUrlFilters(NO_FILTERS);
  const failures = useAdminGenerations({ status: 'failed', limit: FAILURES_PAGE_SIZE, offset });
  const userLabel = useUserLabel();

  if (failures.isPending) return <Spinner />;
  if (failures.isError) return <ErrorState error={failures.error} onRetry={() => void failures.refetch()} />;
  if (failures.data.items.length === 0) {
    return <EmptyState title="Ошибок нет" testId="failures-empty">Все заказы выполнены или ещё в работе.</EmptyState>;
  }
  return (
    <div className="admin-failures">
      <p className="muted">Всего неудачных генераций: {failures.data.total}. Кредиты за них не списаны.</p>
      <div className="table-wrap">
        <table className="table table--cards" data-testid="failures-table">
          <thead>
            <tr>
              <th scope="col">Дата</th>
              <th scope="col">Пользователь</th>
              <th scope="col">Описание</th>
              <th scope="col">Причина</th>
              <th scope="col" className="num">
                Попыток
              </th>
            </tr>
          </thead>
          <tbody>
            {failures.data.items.map((g) => (
              <tr key={g.id} data-testid="failure-row">
                <td data-label="Дата">{formatDateTime(g.created_at)}</td>
                <td data-label="Пользователь">{userLabel(g.user_id)}</td>
                <td data-label="Описание" className="admin-failures__prompt">
                  {g.prompt_ru}
                </td>
                <td data-label="Причина" className="admin-failures__error">
                  {g.error ?? '—'}
                </td>
                <td data-label="Попыток" className="num">
                  {g.attempts}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination total={failures.data.total} limit={FAILURES_PAGE_SIZE} offset={offset} onChange={setOffset} />
    </div>
  );
}
