import type { AdminPaymentFilters, PaymentStatus } from '../../api/models';
import { dayEndIso, dayStartIso, PAYMENT_STATUS_LABELS } from '../../shared/lib/format';
import { Field } from '../../shared/ui/Field';
import { FilterPanel } from '../../shared/ui/FilterPanel';
import { LabelSelect } from '../../shared/ui/LabelSelect';
import { PeriodFields, usePeriodFilter } from '../../shared/ui/PeriodFields';

export type PaymentFilterValues = Record<'status' | 'email' | 'date_from' | 'date_to', string>;
export const EMPTY_PAYMENT_FILTERS: PaymentFilterValues = { status: '', email: '', date_from: '', date_to: '' };

/** The form's values (as kept in the URL) -> the query of /admin/payments. */
export function toPaymentQuery(values: Partial<PaymentFilterValues>, limit: number, offset: number): AdminPaymentFilters {
  return {
    status: (values.status || undefined) as PaymentStatus | undefined,
    email: values.email?.trim() || undefined,
    date_from: dayStartIso(values.date_from ?? ''),
    date_to: dayEndIso(values.date_to ?? ''),
    limit,
    offset,
  };
}

export function PaymentFilters({ value, onApply }: { value: PaymentFilterValues; onApply: (v: PaymentFilterValues) => void }) {
  const { draft, set, dateError, apply, reset } = usePeriodFilter(value, onApply, EMPTY_PAYMENT_FILTERS, (d) => ({ ...d, email: d.email.trim() }));
  return (
    <FilterPanel label="Фильтры платежей" applied={value} onSubmit={apply} onReset={reset}>
      <Field label="Плательщик" hint="E-mail целиком или его часть" className="field--wide">
        <input className="input" name="email" type="search" value={draft.email} onChange={set('email')} placeholder="например, anna@" />
      </Field>
      <Field label="Статус">
        <LabelSelect name="status" labels={PAYMENT_STATUS_LABELS} value={draft.status} onChange={set('status')} />
      </Field>
      <PeriodFields from={draft.date_from} to={draft.date_to} error={dateError} onChange={set} />
    </FilterPanel>
  );
}
