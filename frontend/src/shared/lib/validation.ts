import { LIMITS } from '../../api/limits';
import { charCount, descriptionLength } from './text';

/** Each validator returns a Russian message, or null when the value is fine. */
export type Validator<T> = (value: T) => string | null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(value: string): string | null {
  const email = value.trim();
  if (!email) return 'Укажите email.';
  if (!EMAIL.test(email)) return 'Похоже, в email ошибка: нужен адрес вида name@example.ru.';
  return null;
}

export function validatePassword(value: string): string | null {
  const { min, max } = LIMITS.password;
  // A password is hashed as typed (never normalised): its code points count.
  const length = [...value].length;
  if (!value) return 'Введите пароль.';
  if (length < min) return `Пароль должен быть не короче ${min} символов.`;
  if (length > max) return `Пароль должен быть не длиннее ${max} символов.`;
  return null;
}

export function validatePrompt(value: string): string | null {
  const { min, max } = LIMITS.prompt;
  const length = descriptionLength(value);
  if (length === 0) return 'Опишите торт, который хотите увидеть.';
  if (length < min) return `Описание слишком короткое: нужно хотя бы ${min} символа.`;
  if (length > max) return `Описание слишком длинное: не больше ${max} символов.`;
  return null;
}

export function validateNegativePrompt(value: string): string | null {
  const { max } = LIMITS.negativePrompt;
  return descriptionLength(value) > max ? `Не больше ${max} символов.` : null;
}

/** Parses a whole number typed by a person ("1 000" and "+5" allowed); NaN when it is not one. */
export function parseInteger(raw: string): number {
  const text = raw.replace(/[\s\u00a0]/g, '');
  if (!/^[+-]?\d+$/.test(text)) return Number.NaN;
  return Number(text);
}

/** `name` is the field in the nominative ("Сумма пополнения"), `ask` in the accusative ("сумму пополнения"). */
export function validateIntegerInRange(
  raw: string,
  min: number,
  max: number,
  label: { name: string; ask: string },
): string | null {
  if (raw.trim() === '') return `Укажите ${label.ask}.`;
  const value = parseInteger(raw);
  if (!Number.isSafeInteger(value)) return `${label.name}: нужно целое число.`;
  if (value < min || value > max) return `${label.name}: от ${fmt(min)} до ${fmt(max)}.`;
  return null;
}

interface Range {
  min: number;
  max: number;
}

export function validateSteps(raw: string, range: Range = LIMITS.steps.standard): string | null {
  return validateIntegerInRange(raw, range.min, range.max, { name: 'Число шагов', ask: 'число шагов' });
}

export function validateGuidance(raw: string, range: Range = LIMITS.guidance.standard): string | null {
  const { min, max } = range;
  if (raw.trim() === '') return 'Укажите, насколько точно следовать описанию.';
  const value = Number(raw.replace(',', '.'));
  if (!Number.isFinite(value)) return 'Точность следования описанию: нужно число.';
  if (value < min || value > max) return `Точность следования описанию: от ${min} до ${max}.`;
  return null;
}

/** An empty seed is fine: the server picks a random one. */
export function validateSeed(raw: string): string | null {
  if (raw.trim() === '') return null;
  return validateIntegerInRange(raw, LIMITS.seed.min, LIMITS.seed.max, { name: 'Номер узора', ask: 'номер узора' });
}

export function validateSize(size: string): string | null {
  return (LIMITS.sizes as readonly string[]).includes(size) ? null : 'Выберите один из доступных размеров.';
}

export function validateAdjustment(raw: string): string | null {
  if (raw.trim() === '') return 'Укажите сумму корректировки.';
  const value = parseInteger(raw);
  if (!Number.isSafeInteger(value)) return 'Сумма: нужно целое число, например 100 или -50.';
  if (value === 0) return 'Сумма не может быть нулевой.';
  if (Math.abs(value) > LIMITS.adjustment.max) return `Сумма по модулю не больше ${fmt(LIMITS.adjustment.max)}.`;
  return null;
}

export function validateComment(value: string): string | null {
  if (!value.trim()) return 'Комментарий обязателен: укажите причину корректировки.';
  if (charCount(value.trim()) > LIMITS.comment.max) return `Комментарий не длиннее ${LIMITS.comment.max} символов.`;
  return null;
}

function fmt(value: number): string {
  return value.toLocaleString('ru-RU');
}

/** An optional free text (note, comment, name): only its length is checked; `what` is in the nominative. */
export function validateOptionalText(value: string, max: number, what: string): string | null {
  return charCount(value.trim()) > max ? `${what}: не больше ${fmt(max)} символов.` : null;
}
