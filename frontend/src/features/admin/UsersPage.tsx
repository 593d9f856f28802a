import { useState } from 'react';
import { Link } from 'react-router';
import { useAdminUsers } from '../../api/queries';
import type { AdjustmentResponse, User } from '../../api/models';
import { formatCredits, formatDateTime, formatNumber } from '../../shared/lib/format';
import { useDebounced } from '../../shared/lib/useDebounced';
import { Alert } from '../../shared/ui/Alert';
import { Pagination } from '../../shared/ui/Pagination';
import { EmptyState, ErrorState, Spinner } from '../../shared/ui/States';
import { AdjustDialog } from './AdjustDialog';

export const USERS_PAGE_SIZE = 20;

export function UsersPage() {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(search.trim(), 300);
  const users = useAdminUsers({ query: query || undefined, limit: USERS_PAGE_SIZE, offset });
  const [editing, setEditing] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function announce(result: AdjustmentResponse) {
    const { amount } = result.transaction;
    setNotice(
      `${result.transaction.type === 'credit' ? 'Начислено' : 'Списано'} ${formatCredits(Math.abs(amount))} — ${result.user.email}, новый баланс ${formatNumber(result.user.balance_credits)}.`,
    );
  }

  return (
    <div className="admin-users">
      <div className="card filters filters--inline">
        <label className="field__label" htmlFor="user-search">
          Поиск
        </label>
        <input
          id="user-search"
          className="input"
          type="search"
          placeholder="email пользователя"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setOffset(0);
          }}
        />
      </div>
      {notice ? (
        <Alert tone="success" testId="adjust-success">
          {notice}
        </Alert>
      ) : null}
      {users.isPending ? (
        <Spinner />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title="Пользователи не найдены" />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--cards" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Роль</th>
                  <th scope="col" className="num">
                    Баланс
                  </th>
                  <th scope="col" className="num">
                    Резерв
                  </th>
                  <th scope="col" className="num">
                    Доступно
                  </th>
                  <th scope="col">Создан</th>
                  <th scope="col">
                    <span className="visually-hidden">Действия</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id} data-testid="user-row" data-email={user.email}>
                    <td data-label="Email" className="admin-users__email">
                      {user.email}
                      {!user.is_active ? <span className="badge badge--muted">отключён</span> : null}
                    </td>
                    <td data-label="Роль">{user.role === 'admin' ? 'администратор' : 'пользователь'}</td>
                    <td data-label="Баланс" className="num" data-testid="user-balance">
                      {formatNumber(user.balance_credits)}
                    </td>
                    <td data-label="Резерв" className="num">
                      {formatNumber(user.reserved_credits)}
                    </td>
                    <td data-label="Доступно" className="num">
                      {formatNumber(user.available_credits)}
                    </td>
                    <td data-label="Создан">{formatDateTime(user.created_at)}</td>
                    <td className="table__actions">
                      <button type="button" className="btn btn--secondary btn--sm" onClick={() => setEditing(user)}>
                        Изменить баланс
                      </button>
                      <Link className="btn btn--ghost btn--sm" to={`/admin/journal?user=${encodeURIComponent(user.id)}`}>
                        Журнал
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={users.data.total} limit={USERS_PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
      {editing ? (
        <AdjustDialog user={editing} onDone={announce} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
