import { useState, type FormEvent, type ReactNode } from 'react';

interface FilterPanelProps {
  label: string;
  /** How many filters are applied now (shown on the phone toggle). */
  activeCount: number;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}

/** A filter form: always open on wide screens, folded behind a «Фильтры» toggle on phones. */
export function FilterPanel({ label, activeCount, onSubmit, children }: FilterPanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <div className={`filter-panel${open ? ' filter-panel--open' : ''}`}>
      <button type="button" className="btn btn--ghost filter-panel__toggle" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        Фильтры{activeCount ? ` (${activeCount})` : ''}
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <form className="card filters" onSubmit={onSubmit} noValidate aria-label={label}>
        {children}
      </form>
    </div>
  );
}
