import { Field } from './Field';

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
