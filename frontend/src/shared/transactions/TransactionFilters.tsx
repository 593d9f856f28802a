import type { AdminTransactionFilters, TransactionKind, TransactionType } from '../../api/models';
import { dayEndIso, dayStartIso, KIND_LABELS, TYPE_LABELS } from '../lib/format';
import { Field } from '../ui/Field';
import { FilterPanel } from '../ui/FilterPanel';
import { LabelSelect } from '../ui/LabelSelect';
import { PeriodFields, usePeriodFilter } from '../ui/PeriodFields';

/** `user` (admin journal): an e-mail or a part of it, or a user's ID (the Users page links with the ID). */
export type TransactionFilterValues = Record<'type' | 'kind' | 'date_from' | 'date_to' | 'user', string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EMPTY_TRANSACTION_FILTERS: TransactionFilterValues = { type: '', kind: '', date_from: '', date_to: '', user: '' };

/** The form's values (as kept in the URL) -> the API query of /transactions or /admin/transactions. */
export function toTransactionQuery(
  values: Partial<TransactionFilterValues>,
  limit: number,
  offset: number,
): AdminTransactionFilters {
  const user = values.user?.trim() ?? '';
  return {
    user_id: UUID.test(user) ? user : undefined,
    email: user && !UUID.test(user) ? user : undefined,
    type: (values.type || undefined) as TransactionType | undefined,
    kind: (values.kind || undefined) as TransactionKind | undefined,
    date_from: dayStartIso(values.date_from ?? ''),
    date_to: dayEndIso(values.date_to ?? ''),
    limit,
    offset,
  };
}

interface TransactionFiltersProps {
  value: TransactionFilterValues;
  onApply: (values: TransactionFilterValues) => void;
  /** Admin journal: allow filtering by a user (e-mail or ID). */
  withUser?: boolean;
}

export function TransactionFilters({ value, onApply, withUser }: TransactionFiltersProps) {
  const { draft, set, dateError, apply, reset } = usePeriodFilter(value, onApply, EMPTY_TRANSACTION_FILTERS, (d) => ({ ...d, user: d.user.trim() }));
  return (
    <FilterPanel label="Фильтры операций" applied={value} onSubmit={apply} onReset={reset}>
      {withUser ? (
        <Field label="Пользователь" hint="E-mail целиком или его часть" className="field--wide">
          <input className="input" name="user" type="search" value={draft.user} onChange={set('user')} placeholder="например, anna@" />
        </Field>
      ) : null}
      <Field label="Тип">
        <LabelSelect name="type" labels={TYPE_LABELS} value={draft.type} onChange={set('type')} />
      </Field>
      <Field label="Вид операции">
        <LabelSelect name="kind" labels={KIND_LABELS} value={draft.kind} onChange={set('kind')} />
      </Field>
      <PeriodFields from={draft.date_from} to={draft.date_to} error={dateError} onChange={set} />
    </FilterPanel>
  );
}
