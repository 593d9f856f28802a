import type { QuoteStatus } from '../../api/models';

/**
 * Orders the Russian way, as the server writes them on the client's page: «6 740 ₽», «2,6 кг»,
 * «12 декабря, суббота». Money arrives in kopecks and weight in grams (integers); groups and units
 * are joined by no-break spaces, so an amount never breaks across lines.
 */
const NBSP = '\u00a0';
const whole = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const withKopecks = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const kilograms = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 });
const dayMonth = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const weekday = new Intl.DateTimeFormat('ru-RU', { weekday: 'long', timeZone: 'UTC' });

const spaced = (text: string) => text.replace(/\s/g, NBSP);

/** 674000 -> «6 740 ₽»; 649250 -> «6 492,50 ₽». */
export function formatMoney(kopecks: number): string {
  const amount = kopecks % 100 === 0 ? whole.format(kopecks / 100) : withKopecks.format(kopecks / 100);
  return `${spaced(amount)}${NBSP}₽`;
}

/** 2600 -> «2,6 кг». */
export function formatWeight(grams: number): string {
  return `${spaced(kilograms.format(grams / 1000))}${NBSP}кг`;
}

/** '2026-12-12' (a calendar day, no time zone) -> «12 декабря, суббота». */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime())) return day;
  return `${spaced(dayMonth.format(date))}, ${weekday.format(date)}`;
}

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  sent: 'Отправлен',
  approved: 'Согласован',
  changes_requested: 'Нужны правки',
  expired: 'Истёк',
  reapproval: 'Нужно повторное согласование',
};

/** +79001234567 -> «+7 900 123-45-67». */
export function formatPhone(stored: string): string {
  const d = stored.replace(/^\+7/, '');
  return d.length === 10 ? `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}` : stored;
}

/** A typed price in rubles («2 400», «2400,50») -> kopecks, or null when it is not a price. */
export function parseRubles(text: string): number | null {
  const clean = text.replace(/[\s\u00a0₽]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [rubles, kopecks = ''] = clean.split('.');
  return Number(rubles) * 100 + Number(kopecks.padEnd(2, '0'));
}

/** A typed weight in kilograms («2,6», «2.65») -> whole grams, or null. */
export function parseKilograms(text: string): number | null {
  const clean = text.replace(/[\s\u00a0]|кг/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,3})?$/.test(clean)) return null;
  const [kg, grams = ''] = clean.split('.');
  return Number(kg) * 1000 + Number(grams.padEnd(3, '0'));
}

/** Kopecks as the rubles a form field shows: 240000 -> «2400», 649250 -> «6492,50». */
export const rublesText = (kopecks: number): string =>
  kopecks % 100 === 0 ? String(kopecks / 100) : `${Math.floor(kopecks / 100)},${String(kopecks % 100).padStart(2, '0')}`;

/** Grams as the kilograms a form field shows: 2600 -> «2,6». */
export const kilogramsText = (grams: number): string => String(grams / 1000).replace('.', ',');

/** A day `days` after today in the browser's calendar, as YYYY-MM-DD (the server checks the bakery's zone). */
export function dayAfter(days: number, now: Date = new Date()): string {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
