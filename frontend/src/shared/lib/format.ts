import type { Decision, GenerationStatus, PaymentStatus, TransactionKind, TransactionType } from '../../api/models';

/** Russian plural form: plural(5, ['кредит', 'кредита', 'кредитов']) -> 'кредитов'. */
export function plural(n: number, forms: [string, string, string]): string {
  const abs = Math.abs(n) % 100;
  const last = abs % 10;
  if (abs > 10 && abs < 20) return forms[2];
  if (last > 1 && last < 5) return forms[1];
  if (last === 1) return forms[0];
  return forms[2];
}

export const formatNumber = (n: number): string => n.toLocaleString('ru-RU');

export function formatCredits(n: number): string {
  return `${formatNumber(n)} ${plural(n, ['кредит', 'кредита', 'кредитов'])}`;
}

/** «3 варианта»: a submit's variants, counted. */
export function formatVariants(n: number): string {
  return `${n} ${plural(n, ['вариант', 'варианта', 'вариантов'])}`;
}

export function formatSignedCredits(amount: number, type: TransactionType): string {
  return `${type === 'debit' ? '−' : '+'}${formatNumber(Math.abs(amount))}`;
}

const dateTime = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

export function formatHour(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `${String(date.getHours()).padStart(2, '0')}:00`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0).replace('.', ',')} с`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} мин ${Math.round(seconds % 60)} с`;
}

/** "5 с назад", "3 мин назад", "2 ч назад" relative to `now`. */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const diff = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (!Number.isFinite(diff)) return '—';
  if (diff < 60) return `${diff} с назад`;
  if (diff < 3600) return `${Math.floor(diff / 60)} мин назад`;
  if (diff < 86_400) return `${Math.floor(diff / 3600)} ч назад`;
  return formatDateTime(iso);
}

export const STATUS_LABELS: Record<GenerationStatus, string> = {
  pending: 'В очереди',
  processing: 'Рисуется',
  success: 'Готово',
  failed: 'Ошибка',
  cancelled: 'Отменено',
};

export const KIND_LABELS: Record<TransactionKind, string> = {
  top_up: 'Оплата пакета',
  generation: 'Генерация',
  admin_adjustment: 'Корректировка',
  bonus: 'Бонус',
  refund: 'Возврат',
};

export const TYPE_LABELS: Record<TransactionType, string> = {
  credit: 'Зачисление',
  debit: 'Списание',
};

/** <input type="date"> value (local day) -> ISO instant at the start / end of that day. */
export function dayStartIso(day: string): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function dayEndIso(day: string): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T23:59:59`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The client's answer on a shared design. */
export const DECISION_LABELS: Record<Decision, string> = {
  approved: 'Согласовано',
  changes_requested: 'Нужны правки',
};

const day = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric' });

/** "14 марта 2026 г." */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : day.format(date);
}

/** «590 ₽», «199,50 ₽»: an amount as the API writes it ("590.00"), in roubles. */
export function formatRoubles(amount: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return '—';
  const whole = Number.isInteger(value);
  return `${value.toLocaleString('ru-RU', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}\u00a0₽`;
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Ожидает оплаты',
  succeeded: 'Оплачен',
  canceled: 'Отменён',
  refunding: 'Возврат в обработке',
  refunded: 'Возвращён',
};
