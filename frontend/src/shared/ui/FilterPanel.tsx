import { useState, type FormEvent, type ReactNode } from 'react';
import './FilterPanel.css';

/**
 * The form's draft of the filters applied now (`value`, as kept in the URL): `set(name)` is a control's
 * change handler. A field changed from outside (the URL: Back, «Сбросить», a filter applied at once)
 * takes the new value; what the user is still typing in the others stays (the page re-renders with
 * an equal value often).
 */
export function useFilterDraft<T extends Record<string, string>>(value: T) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  const changed = (Object.keys(value) as (keyof T)[]).filter((key) => value[key] !== shown[key]);
  if (changed.length) {
    setShown(value);
    setDraft((d) => ({ ...d, ...Object.fromEntries(changed.map((key) => [key, value[key]])) }));
  }
  const set = (name: keyof T) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: event.target.value }));
  return { draft, set };
}

interface FilterPanelProps {
  label: string;
  /** The filters applied now: how many are set shows on the phone toggle. */
  applied: Record<string, string>;
  onSubmit: (event: FormEvent) => void;
  /** Clears every filter; the «Сбросить» button shows only while some filter is applied. */
  onReset: () => void;
  children: ReactNode;
}

/** A filter form with «Показать» / «Сбросить»: always open on wide screens, folded behind a «Фильтры» toggle on phones. */
export function FilterPanel({ label, applied, onSubmit, onReset, children }: FilterPanelProps) {
  const [open, setOpen] = useState(false);
  const activeCount = Object.values(applied).filter(Boolean).length;
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
