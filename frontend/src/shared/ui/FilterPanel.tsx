import { useState, type FormEvent, type ReactNode } from 'react';
import './FilterPanel.css';

interface FilterPanelProps {
  label: string;
  /** How many filters are applied now (shown on the phone toggle). */
  activeCount: number;
  onSubmit: (event: FormEvent) => void;
  /** Clears every filter; the «Сбросить» button shows only while some filter is applied. */
  onReset: () => void;
  children: ReactNode;
}

/** A filter form with «Показать» / «Сбросить»: always open on wide screens, folded behind a «Фильтры» toggle on phones. */
export function FilterPanel({ label, activeCount, onSubmit, onReset, children }: FilterPanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <div className={`filter-panel${open ? ' filter-panel--open' : ''}`}>
      <button type="button" className="btn btn--ghost filter-panel__toggle" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        Фильтры{activeCount ? ` (${activeCount})` : ''}
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <form className="card filters" onSubmit={onSubmit} noValidate aria-label={label}>
        {children}
        <div className="filters__actions">
          <button type="submit" className="btn btn--primary">
            Показать
          </button>
          {activeCount > 0 ? (
            <button type="button" className="btn btn--ghost" onClick={onReset}>
              Сбросить
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
