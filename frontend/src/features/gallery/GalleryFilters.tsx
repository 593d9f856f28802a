import { useState, type FormEvent } from 'react';
import type { Style } from '../../api/models';
import { parseInteger } from '../../shared/lib/validation';
import { Field } from '../../shared/ui/Field';
import { FilterPanel, useFilterDraft } from '../../shared/ui/FilterPanel';
import { PeriodFields, periodError } from '../../shared/ui/PeriodFields';

export type GalleryFilterValues = Record<'style' | 'date_from' | 'date_to' | 'credits_min' | 'credits_max', string>;

export function validateGalleryFilters(values: GalleryFilterValues): Partial<GalleryFilterValues> {
  const errors: Partial<GalleryFilterValues> = {};
  const min = values.credits_min.trim() ? parseInteger(values.credits_min) : null;
  const max = values.credits_max.trim() ? parseInteger(values.credits_max) : null;
  if (min !== null && (!Number.isSafeInteger(min) || min < 0)) errors.credits_min = 'Целое число от 0.';
  if (max !== null && (!Number.isSafeInteger(max) || max < 0)) errors.credits_max = 'Целое число от 0.';
  if (!errors.credits_min && !errors.credits_max && min !== null && max !== null && min > max) {
    errors.credits_max = 'Не меньше минимума.';
  }
  const period = periodError(values.date_from, values.date_to);
  if (period) errors.date_to = period;
  return errors;
}

interface GalleryFiltersProps {
  value: GalleryFilterValues;
  styles: Style[];
  onApply: (values: GalleryFilterValues) => void;
}

const EMPTY: GalleryFilterValues = { style: '', date_from: '', date_to: '', credits_min: '', credits_max: '' };

export function GalleryFilters({ value, styles, onApply }: GalleryFiltersProps) {
  const { draft, set } = useFilterDraft(value);
  const [errors, setErrors] = useState<Partial<GalleryFilterValues>>({});

  function apply(event: FormEvent) {
    event.preventDefault();
    const found = validateGalleryFilters(draft);
    setErrors(found);
    if (Object.keys(found).length === 0) onApply(draft);
  }

  const reset = () => {
    setErrors({});
    onApply(EMPTY);
  };

  return (
    <FilterPanel label="Фильтры дизайнов" applied={value} onSubmit={apply} onReset={reset}>
      {/* a style applies at once: the box always names the style the designs below are filtered by */}
      <Field label="Стиль" className="field--wide">
        <select
          className="input"
          name="style"
          value={draft.style}
          onChange={(event) => {
            set('style')(event);
            onApply({ ...value, style: event.target.value });
          }}
        >
          <option value="">Все стили</option>
          {styles.map((style) => (
            <option key={style.code} value={style.code}>
              {style.title}
            </option>
          ))}
        </select>
      </Field>
      <PeriodFields from={draft.date_from} to={draft.date_to} error={errors.date_to ?? null} onChange={set} />
      <Field label="Кредиты от" error={errors.credits_min}>
        <input className="input" type="number" min={0} inputMode="numeric" name="credits_min" value={draft.credits_min} onChange={set('credits_min')} />
      </Field>
      <Field label="Кредиты до" error={errors.credits_max}>
        <input className="input" type="number" min={0} inputMode="numeric" name="credits_max" value={draft.credits_max} onChange={set('credits_max')} />
      </Field>
    </FilterPanel>
  );
}
