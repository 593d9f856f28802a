import { Link } from 'react-router';
import type { Transaction } from '../../api/models';
import { formatDateTime, formatSignedCredits, KIND_LABELS, TYPE_LABELS } from '../lib/format';

interface TransactionTableProps {
  items: Transaction[];
  /** Admin journal: show whose transaction it is. */
  userLabel?: (userId: string) => string;
  testId?: string;
}

export function TransactionTable({ items, userLabel, testId = 'transactions-table' }: TransactionTableProps) {
  return (
    <div className="table-wrap">
      <table className="table table--cards" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Дата</th>
            {userLabel ? <th scope="col">Пользователь</th> : null}
            <th scope="col">Операция</th>
            <th scope="col">Описание</th>
            <th scope="col" className="num">
              Кредиты
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((tx) => (
            <tr key={tx.id} data-testid="transaction-row" data-kind={tx.kind} data-type={tx.type}>
              <td data-label="Дата">{formatDateTime(tx.created_at)}</td>
              {userLabel ? <td data-label="Пользователь">{userLabel(tx.user_id)}</td> : null}
              <td data-label="Операция">
                <span className={`badge badge--${tx.type}`}>{KIND_LABELS[tx.kind] ?? tx.kind}</span>
                <span className="visually-hidden"> ({TYPE_LABELS[tx.type]})</span>
              </td>
              <td data-label="Описание">
                {tx.description || '—'}
                {/* the owner's own debit for a design leads to it (the admin journal shows other people's) */}
                {!userLabel && tx.kind === 'generation' && tx.prediction_request_id ? (
                  <Link className="table__link" to={`/designs/${encodeURIComponent(tx.prediction_request_id)}`}>
                    Открыть дизайн →
                  </Link>
                ) : null}
              </td>
              <td data-label="Кредиты" className={`num amount amount--${tx.type}`}>
                {formatSignedCredits(tx.amount, tx.type)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
