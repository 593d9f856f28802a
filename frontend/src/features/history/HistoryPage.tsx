import { useMemo } from 'react';
import { Link } from 'react-router';
import { generationLink } from '../../shared/generation/links';
import { studioLink } from '../../shared/lib/studioLink';
import { useGenerations, useStyles, useTransactions } from '../../api/queries';
import type { GenerationStatus } from '../../api/models';
import { formatCredits, formatDateTime, STATUS_LABELS } from '../../shared/lib/format';
import { useUrlFilters } from '../../shared/lib/useUrlFilters';
import { Pagination } from '../../shared/ui/Pagination';
import { LabelSelect } from '../../shared/ui/LabelSelect';
import { EmptyState, ErrorState, FilteredEmptyState, Spinner } from '../../shared/ui/States';
import { TransactionFilters, toTransactionQuery, type TransactionFilterValues } from '../../shared/transactions/TransactionFilters';
import { TransactionTable } from '../../shared/transactions/TransactionTable';
import './history.css';

export const HISTORY_PAGE_SIZE = 20;
const TX_FILTERS = ['type', 'kind', 'date_from', 'date_to'] as const;
const GENERATION_FILTERS = ['status'] as const;
const NO_FILTERS = [] as const;

export function HistoryPage() {
  const { params, setParams } = useUrlFilters(NO_FILTERS);
  const tab = params.get('tab') === 'transactions' ? 'transactions' : 'generations';
  const selectTab = (next: 'generations' | 'transactions') => setParams(next === 'generations' ? {} : { tab: next });

  return (
    <section className="page history">
      <header className="page__header">
        <h1 className="page__title">История</h1>
        <p className="page__subtitle">Все запросы на генерацию и движение кредитов.</p>
      </header>
      <div className="tabs" role="tablist" aria-label="Разделы истории">
        <button type="button" role="tab" id="tab-generations" aria-selected={tab === 'generations'} aria-controls="panel-history" className="tabs__tab" onClick={() => selectTab('generations')}>
          Генерации
        </button>
        <button type="button" role="tab" id="tab-transactions" aria-selected={tab === 'transactions'} aria-controls="panel-history" className="tabs__tab" onClick={() => selectTab('transactions')}>
          Операции по балансу
        </button>
      </div>
      <div role="tabpanel" id="panel-history" aria-labelledby={`tab-${tab}`}>
        {tab === 'generations' ? <GenerationHistory /> : <TransactionHistory />}
      </div>
    </section>
  );
}

function GenerationHistory() {
  const { filters, offset, setFilters, resetFilters, setOffset } = useUrlFilters(GENERATION_FILTERS);
  const status = (filters.status || undefined) as GenerationStatus | undefined;
  const list = useGenerations({ status, limit: HISTORY_PAGE_SIZE, offset }, { watchActive: true });
  const styles = useStyles();
  const styleTitle = (code: string) => styles.data?.find((s) => s.code === code)?.title ?? code;

  return (
    <>
      <div className="card filters filters--inline">
        <label className="field__label" htmlFor="history-status">
          Статус
        </label>
        <LabelSelect id="history-status" labels={STATUS_LABELS} value={filters.status} onChange={(e) => setFilters({ status: e.target.value })} />
      </div>
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        status ? (
          // The user may well have requests, just none with this status.
          <FilteredEmptyState testId="history-empty" resetLabel="Сбросить фильтр" onReset={resetFilters}>
            Запросов со статусом «{STATUS_LABELS[status] ?? status}» нет.
          </FilteredEmptyState>
        ) : (
          <EmptyState
            title="Запросов пока нет"
            testId="history-empty"
            action={
              <Link className="btn btn--primary" to="/studio">
                Создать дизайн
              </Link>
            }
          />
        )
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--cards" data-testid="generations-table">
              <thead>
                <tr>
                  <th scope="col">Дата</th>
                  <th scope="col">Описание</th>
                  <th scope="col">Стиль</th>
                  <th scope="col">Статус</th>
                  <th scope="col" className="num">
                    Кредиты
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((g) => (
                  <tr key={g.id} data-testid="generation-row" data-status={g.status}>
                    <td data-label="Дата">{formatDateTime(g.created_at)}</td>
                    <td data-label="Описание" className="history__prompt">
                      {g.prompt_ru}
                      {g.status === 'failed' && g.error ? <span className="history__error">Ошибка: {g.error}</span> : null}
                      {g.status === 'pending' || g.status === 'processing' ? (
                        <Link className="history__watch" to={generationLink(g)}>
                          Следить за прогрессом →
                        </Link>
                      ) : (
                        <Link className="history__watch" to={studioLink(g.id)} aria-label={`Открыть в студии: ${g.prompt_ru}`}>
                          Открыть в студии
                        </Link>
                      )}
                      {g.status === 'success' && g.deleted ? <span className="history__watch muted">Дизайн удалён</span> : null}
                      {g.status === 'success' && !g.deleted ? (
                        <Link className="history__watch" to={`/designs/${encodeURIComponent(g.id)}`}>
                          Открыть дизайн →
                        </Link>
                      ) : null}
                    </td>
                    <td data-label="Стиль">{styleTitle(g.style)}</td>
                    <td data-label="Статус">
                      <span className={`badge badge--status-${g.status}`}>{STATUS_LABELS[g.status] ?? g.status}</span>
                    </td>
                    <td data-label="Кредиты" className="num">
                      {g.status === 'success'
                        ? formatCredits(g.credits_spent)
                        : g.status === 'failed' || g.status === 'cancelled'
                          ? 'не списано'
                          : `резерв ${g.credits_reserved}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={list.data.total} limit={HISTORY_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </>
  );
}

function TransactionHistory() {
  const { filters, filtered, offset, setFilters, resetFilters, setOffset } = useUrlFilters(TX_FILTERS);
  const apiFilters = useMemo(() => toTransactionQuery(filters, HISTORY_PAGE_SIZE, offset), [filters, offset]);
  const list = useTransactions(apiFilters);
  const value = useMemo(() => ({ ...filters, user: '' }), [filters]);
  const apply = ({ type, kind, date_from, date_to }: TransactionFilterValues) => setFilters({ type, kind, date_from, date_to });
  return (
    <>
      <TransactionFilters value={value} onApply={apply} />
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        filtered ? (
          <FilteredEmptyState testId="transactions-empty" resetLabel="Сбросить фильтры" onReset={resetFilters}>
            Операций с такими условиями нет.
          </FilteredEmptyState>
        ) : (
          <EmptyState title="Операций пока нет" testId="transactions-empty" />
        )
      ) : (
        <>
          <TransactionTable items={list.data.items} />
          <Pagination total={list.data.total} limit={HISTORY_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </>
  );
}
