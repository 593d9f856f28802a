import { useMemo } from 'react';
import { useAdminTransactions } from '../../api/queries';
import { useUrlFilters } from '../../shared/lib/useUrlFilters';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorState, FilteredEmptyState, Spinner } from '../../shared/ui/States';
import { TransactionFilters, toTransactionQuery } from '../../shared/transactions/TransactionFilters';
import { TransactionTable } from '../../shared/transactions/TransactionTable';
import { useUserLabel } from './hooks';

export const JOURNAL_PAGE_SIZE = 25;
const FILTERS = ['user', 'type', 'kind', 'date_from', 'date_to'] as const;

export function JournalPage() {
  const { filters, filtered, offset, setFilters, resetFilters, setOffset } = useUrlFilters(FILTERS);
  const apiFilters = useMemo(() => toTransactionQuery(filters, JOURNAL_PAGE_SIZE, offset), [filters, offset]);
  const journal = useAdminTransactions(apiFilters);
  const userLabel = useUserLabel();

  return (
    <div className="admin-journal">
      <TransactionFilters value={filters} onApply={setFilters} withUser />
      {journal.isPending ? (
        <Spinner />
      ) : journal.isError ? (
        <ErrorState error={journal.error} onRetry={() => void journal.refetch()} />
      ) : journal.data.items.length === 0 ? (
        filtered ? (
          <FilteredEmptyState resetLabel="Сбросить фильтры" onReset={resetFilters} />
        ) : (
          <EmptyState title="Операций пока нет" />
        )
      ) : (
        <>
          <TransactionTable items={journal.data.items} userLabel={userLabel} testId="journal-table" />
          <Pagination total={journal.data.total} limit={JOURNAL_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
