import type { Bakery, OrderQuote, QuoteIn } from '../../api/models';
import { Field } from '../ui/Field';
import { dayAfter, formatMoney, kilogramsText, parseKilograms, parseRubles, rublesText } from './format';
import './orders.css';

/** The order card as the baker types it (strings, as the inputs hold them). */
export interface QuoteDraft {
  by: 'weight' | 'guests';
  weight: string; // kg, «2,6»
  guests: string;
  tiers: number;
  fillings: string[]; // one per tier; '' = not chosen
  decor: string; // rubles
  date: string; // YYYY-MM-DD
  delivery: 'pickup' | 'delivery';
  note: string;
  expires: number; // days
}

export type QuoteErrors = Partial<Record<'weight' | 'guests' | 'fillings' | 'decor' | 'date' | 'note', string>>;

export const QUOTE_DAYS = [1, 3, 7] as const;
const TIERS = [1, 2, 3, 4, 5];
const NOTE_MAX = 500;

export function emptyDraft(bakery: Bakery): QuoteDraft {
  return {
    by: 'weight',
    weight: '',
    guests: '',
    tiers: 1,
    fillings: [''],
    decor: '',
    date: dayAfter(bakery.lead_days),
    delivery: 'pickup',
    note: '',
    expires: 3,
  };
}

/** The draft of an order already sent (to change it: the next version). */
export function draftOf(quote: OrderQuote): QuoteDraft {
  return {
    by: quote.guests ? 'guests' : 'weight',
    weight: kilogramsText(quote.weight_g),
    guests: quote.guests ? String(quote.guests) : '',
    tiers: quote.tiers,
    fillings: quote.fillings.length ? [...quote.fillings] : Array<string>(quote.tiers).fill(''),
    decor: quote.decor_price ? rublesText(quote.decor_price) : '',
    date: quote.date,
    delivery: quote.delivery,
    note: quote.note ?? '',
    expires: 3,
  };
}

/** What the API takes, or the reasons it cannot be sent yet (checked again by the server). */
export function quoteFromDraft(draft: QuoteDraft, bakery: Bakery): { quote: QuoteIn | null; errors: QuoteErrors } {
  const errors: QuoteErrors = {};
  let weight_g: number | null = null;
  let guests: number | null = null;
  if (draft.by === 'weight') {
    weight_g = parseKilograms(draft.weight);
    if (weight_g === null || weight_g < 100 || weight_g > 100_000) errors.weight = 'Укажите вес в килограммах, например 2,5.';
  } else {
    guests = /^\d+$/.test(draft.guests.trim()) ? Number(draft.guests.trim()) : null;
    if (guests === null || guests < 1 || guests > 500) errors.guests = 'Укажите число гостей: от 1 до 500.';
  }
  const chosen = draft.fillings.slice(0, draft.tiers);
  const some = chosen.some(Boolean);
  if (some && !chosen.every(Boolean)) errors.fillings = 'Выберите начинку для каждого яруса или ни для одного.';
  const decor = draft.decor.trim() ? parseRubles(draft.decor) : 0;
  if (decor === null) errors.decor = 'Цена декора в рублях, например 500.';
  const earliest = dayAfter(bakery.lead_days);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) errors.date = 'Выберите дату.';
  else if (draft.date < earliest) errors.date = `Не раньше ${earliest.split('-').reverse().join('.')}: на заказ нужно дней: ${bakery.lead_days}.`;
  if (draft.note.length > NOTE_MAX) errors.note = `Не длиннее ${NOTE_MAX} символов.`;
  if (Object.keys(errors).length) return { quote: null, errors };
  return {
    quote: {
      weight_g,
      guests,
      tiers: draft.tiers,
      fillings: some ? chosen : [],
      decor_price: decor ?? 0,
      date: draft.date,
      delivery: draft.delivery,
      note: draft.note.trim() || null,
      expires_in_days: draft.expires,
    },
    errors,
  };
}

/** Weight or guests, tiers and fillings, decor, date, pickup or delivery, a note and how long it holds. */
export function QuoteFields({
  bakery,
  draft,
  onChange,
  errors,
}: {
  bakery: Bakery;
  draft: QuoteDraft;
  onChange: (draft: QuoteDraft) => void;
  errors: QuoteErrors;
}) {
  const set = (change: Partial<QuoteDraft>) => onChange({ ...draft, ...change });
  const setTiers = (tiers: number) =>
    set({ tiers, fillings: Array.from({ length: tiers }, (_, i) => draft.fillings[i] ?? '') });
  const setFilling = (tier: number, name: string) => set({ fillings: draft.fillings.map((f, i) => (i === tier ? name : f)) });

  return (
    <div className="quote-fields" data-testid="quote-fields">
      <fieldset className="quote-fields__group">
        <legend className="field__label">Размер торта</legend>
        <div className="quote-fields__options">
          <label className={`chip${draft.by === 'weight' ? ' chip--active' : ''}`}>
            <input type="radio" name="quote-by" checked={draft.by === 'weight'} onChange={() => set({ by: 'weight' })} />
            По весу
          </label>
          <label className={`chip${draft.by === 'guests' ? ' chip--active' : ''}`}>
            <input type="radio" name="quote-by" checked={draft.by === 'guests'} onChange={() => set({ by: 'guests' })} />
            По числу гостей
          </label>
        </div>
        {draft.by === 'weight' ? (
          <Field label="Вес, кг" error={errors.weight} hint={`Минимальный вес — ${kilogramsText(bakery.min_weight_g)} кг.`}>
            <input className="input" name="weight" inputMode="decimal" value={draft.weight} onChange={(e) => set({ weight: e.target.value })} />
          </Field>
        ) : (
          <Field label="Гостей" error={errors.guests} hint={`По ${bakery.grams_per_guest} г на гостя, вес округлим вверх до 100 г.`}>
            <input className="input" name="guests" inputMode="numeric" value={draft.guests} onChange={(e) => set({ guests: e.target.value })} />
          </Field>
        )}
      </fieldset>
      <div className="quote-fields__row">
        <Field label="Ярусов">
          <select className="input" name="tiers" value={draft.tiers} onChange={(e) => setTiers(Number(e.target.value))}>
            {TIERS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Декор, ₽" error={errors.decor} hint="Необязательно.">
          <input className="input" name="decor" inputMode="decimal" value={draft.decor} onChange={(e) => set({ decor: e.target.value })} />
        </Field>
      </div>
      {bakery.fillings.length ? (
        <fieldset className="quote-fields__group" aria-describedby={errors.fillings ? 'quote-fillings-error' : undefined}>
          <legend className="field__label">Начинки</legend>
          <div className="quote-fields__fillings">
            {draft.fillings.slice(0, draft.tiers).map((name, tier) => (
              <label key={tier} className="quote-fields__filling">
                <span className="muted">{draft.tiers > 1 ? `Ярус ${tier + 1}` : 'Начинка'}</span>
                <select className="input" value={name} onChange={(e) => setFilling(tier, e.target.value)}>
                  <option value="">Не выбрана</option>
                  {bakery.fillings.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name}
                      {f.price_per_kg ? ` — ${formatMoney(f.price_per_kg)}/кг` : ''}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          {errors.fillings ? (
            <p className="field__error" id="quote-fillings-error" role="alert">
              {errors.fillings}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <div className="quote-fields__row">
        <Field label="Дата" error={errors.date} hint={`Не раньше чем через ${bakery.lead_days} дн.`}>
          <input className="input" type="date" name="date" min={dayAfter(bakery.lead_days)} value={draft.date} onChange={(e) => set({ date: e.target.value })} />
        </Field>
        <fieldset className="quote-fields__group">
          <legend className="field__label">Получение</legend>
          <div className="quote-fields__options">
            <label className={`chip${draft.delivery === 'pickup' ? ' chip--active' : ''}`}>
              <input type="radio" name="quote-delivery" checked={draft.delivery === 'pickup'} onChange={() => set({ delivery: 'pickup' })} />
              Самовывоз
            </label>
            {bakery.delivery_price !== null ? (
              <label className={`chip${draft.delivery === 'delivery' ? ' chip--active' : ''}`}>
                <input type="radio" name="quote-delivery" checked={draft.delivery === 'delivery'} onChange={() => set({ delivery: 'delivery' })} />
                Доставка{bakery.delivery_price ? ` · ${formatMoney(bakery.delivery_price)}` : ' · бесплатно'}
              </label>
            ) : null}
          </div>
        </fieldset>
      </div>
      <Field label="Комментарий к заказу" error={errors.note} hint="Например, надпись или время получения. Необязательно.">
        <textarea className="input textarea quote-fields__note" name="quote-note" rows={2} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
      </Field>
      <fieldset className="quote-fields__group">
        <legend className="field__label">Предложение действует</legend>
        <div className="quote-fields__options">
          {QUOTE_DAYS.map((n) => (
            <label key={n} className={`chip${draft.expires === n ? ' chip--active' : ''}`}>
              <input type="radio" name="quote-expires" checked={draft.expires === n} onChange={() => set({ expires: n })} />
              {n === 1 ? '1 день' : n === 3 ? '3 дня' : '7 дней'}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
