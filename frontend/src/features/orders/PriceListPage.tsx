import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, formErrorMessage } from '../../api/errors';
import type { Bakery, BakeryIn } from '../../api/models';
import { useAnnounce } from '../../shared/a11y/announcer';
import { kilogramsText, parseKilograms, parseRubles, rublesText } from '../../shared/orders/format';
import { useBakery } from '../../shared/orders/hooks';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { ErrorState, Spinner } from '../../shared/ui/States';
import { useSaveBakery } from './hooks';
import './orders.css';

/** The price list as the form holds it: rubles and kilograms as typed. */
interface Form {
  name: string;
  city: string;
  phone: string;
  telegram: string;
  price: string;
  minWeight: string;
  gramsPerGuest: string;
  prepayment: string;
  leadDays: string;
  perDay: string;
  delivery: boolean;
  deliveryPrice: string;
  fillings: { name: string; price: string }[];
}

type Errors = Record<string, string>;

const FIELDS = ['name', 'city', 'phone', 'telegram', 'price_per_kg', 'min_weight_g', 'grams_per_guest', 'prepayment_percent', 'lead_days', 'orders_per_day', 'delivery_price', 'fillings'];

function formOf(b: Bakery | null): Form {
  return {
    name: b?.name ?? '',
    city: b?.city ?? '',
    phone: b?.phone ?? '',
    telegram: b?.telegram ? `@${b.telegram}` : '',
    price: b ? rublesText(b.price_per_kg) : '',
    minWeight: b ? kilogramsText(b.min_weight_g) : '1',
    gramsPerGuest: String(b?.grams_per_guest ?? 180),
    prepayment: String(b?.prepayment_percent ?? 50),
    leadDays: String(b?.lead_days ?? 3),
    perDay: b?.orders_per_day ? String(b.orders_per_day) : '',
    delivery: b ? b.delivery_price !== null : false,
    deliveryPrice: b?.delivery_price ? rublesText(b.delivery_price) : '',
    fillings: b?.fillings.map((f) => ({ name: f.name, price: f.price_per_kg ? rublesText(f.price_per_kg) : '' })) ?? [],
  };
}

const whole = (text: string, low: number, high: number): number | null =>
  /^\d+$/.test(text.trim()) && Number(text) >= low && Number(text) <= high ? Number(text) : null;

/** What the API takes, or the fields to fix (in the form's own names). */
function toInput(form: Form): { input: BakeryIn | null; errors: Errors } {
  const errors: Errors = {};
  const price = parseRubles(form.price);
  if (!form.name.trim()) errors.name = 'Укажите название кондитерской или своё имя.';
  if (!form.phone.trim() && !form.telegram.trim()) errors.phone = 'Укажите телефон или Telegram: по ним клиент свяжется с вами.';
  if (!price) errors.price_per_kg = 'Цена за килограмм в рублях, например 2400.';
  const minWeight = parseKilograms(form.minWeight || '0');
  if (minWeight === null) errors.min_weight_g = 'Минимальный вес в килограммах, например 1,5.';
  const gramsPerGuest = whole(form.gramsPerGuest, 50, 1000);
  if (gramsPerGuest === null) errors.grams_per_guest = 'От 50 до 1000 граммов.';
  const prepayment = whole(form.prepayment, 0, 100);
  if (prepayment === null) errors.prepayment_percent = 'От 0 до 100 %.';
  const leadDays = whole(form.leadDays, 0, 60);
  if (leadDays === null) errors.lead_days = 'От 0 до 60 дней.';
  const perDay = form.perDay.trim() ? whole(form.perDay, 1, 100) : null;
  if (form.perDay.trim() && perDay === null) errors.orders_per_day = 'От 1 до 100 или пусто (без ограничения).';
  const deliveryPrice = form.delivery ? (form.deliveryPrice.trim() ? parseRubles(form.deliveryPrice) : 0) : null;
  if (form.delivery && deliveryPrice === null) errors.delivery_price = 'Цена доставки в рублях (0 — бесплатно).';
  const fillings = form.fillings
    .filter((f) => f.name.trim() || f.price.trim())
    .map((f) => ({ name: f.name.trim(), price_per_kg: f.price.trim() ? parseRubles(f.price) : null }));
  if (fillings.some((f) => !f.name || (f.price_per_kg !== null && !f.price_per_kg)))
    errors.fillings = 'У каждой начинки нужно название; цена — в рублях за кг или пусто (тогда базовая).';
  else if (new Set(fillings.map((f) => f.name.toLocaleLowerCase('ru'))).size < fillings.length)
    errors.fillings = 'Две начинки с одним названием: оставьте одну.';
  if (Object.keys(errors).length) return { input: null, errors };
  return {
    input: {
      name: form.name.trim(),
      city: form.city.trim() || null,
      phone: form.phone.trim() || null,
      telegram: form.telegram.trim() || null,
      price_per_kg: price ?? 0,
      min_weight_g: minWeight ?? 0,
      grams_per_guest: gramsPerGuest ?? 180,
      prepayment_percent: prepayment ?? 50,
      lead_days: leadDays ?? 3,
      orders_per_day: perDay,
      delivery_price: deliveryPrice,
      fillings,
    },
    errors,
  };
}

/** The baker's price list and contacts: what every order is priced from. */
export function PriceListPage() {
  const bakery = useBakery();
  return (
    <section className="page page--narrow price-list">
      <header className="page__header">
        <p className="orders__back">
          <Link to="/orders">← Заказы</Link>
        </p>
        <h1 className="page__title">Прайс-лист</h1>
        <p className="page__subtitle">Цены и контакты, которые увидит клиент в заказе. Уже отправленные заказы не изменятся.</p>
      </header>
      {bakery.isError ? <ErrorState error={bakery.error} onRetry={() => void bakery.refetch()} /> : null}
      {bakery.isPending ? <Spinner /> : bakery.isSuccess ? <PriceListForm initial={bakery.data} /> : null}
    </section>
  );
}

function PriceListForm({ initial }: { initial: Bakery | null }) {
  const [form, setForm] = useState(() => formOf(initial));
  const [errors, setErrors] = useState<Errors>({});
  const save = useSaveBakery();
  useAnnounce(save.isSuccess ? 'Прайс-лист сохранён' : null);
  const set = (change: Partial<Form>) => {
    setForm((f) => ({ ...f, ...change }));
    save.reset();
  };
  const setFilling = (i: number, change: Partial<Form['fillings'][number]>) =>
    set({ fillings: form.fillings.map((f, j) => (j === i ? { ...f, ...change } : f)) });

  function submit(event: FormEvent) {
    event.preventDefault();
    const { input, errors: found } = toInput(form);
    setErrors(found);
    if (input) save.mutate(input);
  }

  const server = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const error = (field: string) => errors[field] ?? server[field];
  const formError = save.isError ? formErrorMessage(save.error, FIELDS) : null;

  return (
    <form className="card price-list__form" onSubmit={submit} noValidate data-testid="price-list-form">
      <h2 className="card__title">Кондитерская</h2>
      <div className="price-list__grid">
        <Field label="Название или ваше имя" error={error('name')}>
          <input className="input" name="name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </Field>
        <Field label="Город" hint="Необязательно." error={error('city')}>
          <input className="input" name="city" value={form.city} onChange={(e) => set({ city: e.target.value })} />
        </Field>
        <Field label="Телефон" hint="+7 900 123-45-67" error={error('phone')}>
          <input className="input" name="phone" type="tel" inputMode="tel" value={form.phone} onChange={(e) => set({ phone: e.target.value })} />
        </Field>
        <Field label="Telegram" hint="Например, @anna_cakes. Телефон или Telegram — хотя бы что-то одно." error={error('telegram')}>
          <input className="input" name="telegram" value={form.telegram} onChange={(e) => set({ telegram: e.target.value })} />
        </Field>
      </div>
      <h2 className="card__title">Цены</h2>
      <div className="price-list__grid">
        <Field label="Цена за 1 кг, ₽" error={error('price_per_kg')}>
          <input className="input" name="price" inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} />
        </Field>
        <Field label="Минимальный вес, кг" hint="Заказ меньше считается по минимальному весу." error={error('min_weight_g')}>
          <input className="input" name="min-weight" inputMode="decimal" value={form.minWeight} onChange={(e) => set({ minWeight: e.target.value })} />
        </Field>
        <Field label="Граммов на гостя" hint="Чтобы посчитать вес по числу гостей." error={error('grams_per_guest')}>
          <input className="input" name="grams-per-guest" inputMode="numeric" value={form.gramsPerGuest} onChange={(e) => set({ gramsPerGuest: e.target.value })} />
        </Field>
        <Field label="Предоплата, %" error={error('prepayment_percent')}>
          <input className="input" name="prepayment" inputMode="numeric" value={form.prepayment} onChange={(e) => set({ prepayment: e.target.value })} />
        </Field>
        <Field label="Срок изготовления, дней" hint="Раньше этого срока дату заказа не выбрать." error={error('lead_days')}>
          <input className="input" name="lead-days" inputMode="numeric" value={form.leadDays} onChange={(e) => set({ leadDays: e.target.value })} />
        </Field>
        <Field label="Заказов в день" hint="Пусто — без ограничения. День с большим числом заказов будет отмечен." error={error('orders_per_day')}>
          <input className="input" name="per-day" inputMode="numeric" value={form.perDay} onChange={(e) => set({ perDay: e.target.value })} />
        </Field>
      </div>
      <label className="price-list__toggle">
        <input type="checkbox" name="delivery" checked={form.delivery} onChange={(e) => set({ delivery: e.target.checked })} />
        Есть доставка
      </label>
      {form.delivery ? (
        <Field label="Цена доставки, ₽" hint="0 — бесплатно." error={error('delivery_price')}>
          <input className="input" name="delivery-price" inputMode="decimal" value={form.deliveryPrice} onChange={(e) => set({ deliveryPrice: e.target.value })} />
        </Field>
      ) : null}
      <fieldset className="price-list__fillings">
        <legend className="card__title">Начинки</legend>
        <p className="muted">Своя цена за кг заменяет базовую для яруса с этой начинкой. Пусто — базовая цена.</p>
        {form.fillings.map((filling, i) => (
          <div className="price-list__filling" key={i} data-testid="filling-row">
            <input className="input" aria-label={`Начинка ${i + 1}: название`} placeholder="Название" value={filling.name} onChange={(e) => setFilling(i, { name: e.target.value })} />
            <input className="input" aria-label={`Начинка ${i + 1}: цена за кг, ₽`} placeholder="₽ за кг" inputMode="decimal" value={filling.price} onChange={(e) => setFilling(i, { price: e.target.value })} />
            <button type="button" className="btn btn--ghost btn--sm" aria-label={`Убрать начинку ${i + 1}`} onClick={() => set({ fillings: form.fillings.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        {error('fillings') ? (
          <p className="field__error" role="alert">
            {error('fillings')}
          </p>
        ) : null}
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => set({ fillings: [...form.fillings, { name: '', price: '' }] })}>
          + Добавить начинку
        </button>
      </fieldset>
      {formError ? <Alert title="Прайс-лист не сохранён">{formError}</Alert> : null}
      {save.isSuccess ? (
        <p className="price-list__saved" role="status">
          Сохранено ✓
        </p>
      ) : null}
      <button type="submit" className="btn btn--primary" disabled={save.isPending}>
        {save.isPending ? 'Сохраняем…' : 'Сохранить прайс-лист'}
      </button>
    </form>
  );
}
