import { useState, type FormEvent } from 'react';
import { Field } from './Field';
import { useFilterDraft } from './FilterPanel';

/** A filter period's error: its end before its start (days as <input type="date"> gives them). */
export function periodError(from: string, to: string): string | null {
  return from && to && from > to ? 'Не раньше даты «с».' : null;
}

/** «Дата с» / «Дата по» of a filter form; `error` shows under «по». */
export function PeriodFields({
  from,
  to,
  error,
  onChange,
}: {
  from: string;
  to: string;
  error: string | null;
  onChange: (field: 'date_from' | 'date_to') => (event: { target: { value: string } }) => void;
}) {
  return (
    <>
      <Field label="Дата с">
        <input className="input" type="date" name="date_from" value={from} onChange={onChange('date_from')} />
      </Field>
      <Field label="Дата по" error={error}>
        <input className="input" type="date" name="date_to" value={to} onChange={onChange('date_to')} />
      </Field>
    </>
  );
}

type WithPeriod = Record<'date_from' | 'date_to', string> & Record<string, string>;

/** A filter form with a period: its draft, the period's error, `apply` (refused while the period ends
 * before it starts; `clean` tidies what is sent) and `reset` (to `empty`, the error cleared). */
export function usePeriodFilter<T extends WithPeriod>(value: T, onApply: (values: T) => void, empty: T, clean: (draft: T) => T = (draft) => draft) {
  const { draft, set } = useFilterDraft(value);
  const [dateError, setDateError] = useState<string | null>(null);
  function apply(event: FormEvent) {
    event.preventDefault();
    const error = periodError(draft.date_from, draft.date_to);
    setDateError(error);
    if (!error) onApply(clean(draft));
  }
  function reset() {
    setDateError(null);
    onApply(empty);
  }
  return { draft, set, dateError, apply, reset };
}
