import { formatNumber } from '../lib/format';
import './Pagination.css';

interface PaginationProps {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}

export function Pagination({ total, limit, offset, onChange }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  if (total <= limit) return null;
  return (
    <nav className="pagination" aria-label="Страницы">
      <button type="button" className="btn btn--ghost btn--sm" disabled={page <= 1} onClick={() => onChange(Math.max(0, offset - limit))}>
        ← Назад
      </button>
      <span className="pagination__info" aria-live="polite">
        Страница {page} из {pages} · всего {formatNumber(total)}
      </span>
      <button type="button" className="btn btn--ghost btn--sm" disabled={page >= pages} onClick={() => onChange(offset + limit)}>
        Вперёд →
      </button>
    </nav>
  );
}
