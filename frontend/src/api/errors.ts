import type { FieldError, ProblemDetails } from './models';

/** Russian field labels used when the server's own message is not in Russian. */
const FIELD_LABELS: Record<string, string> = {
  email: 'Email',
  password: 'Пароль',
  amount: 'Сумма',
  description: 'Комментарий',
  prompt_ru: 'Описание торта',
  negative_prompt_ru: 'Чего избегать',
  style: 'Стиль',
  width: 'Ширина',
  height: 'Высота',
  size: 'Размер',
  steps: 'Шаги',
  guidance: 'Точность следования описанию',
  seed: 'Номер узора',
  variants: 'Число вариантов',
  strength: 'Насколько можно менять',
  init_image: 'Фото для начала',
  file: 'Фото',
};

const CYRILLIC = /[А-Яа-яЁё]/;

const isRussian = (text: unknown): text is string => typeof text === 'string' && CYRILLIC.test(text);

export const NETWORK_ERROR_MESSAGE = 'Нет связи с сервером. Проверьте подключение к интернету и повторите попытку.';

/** The Russian message shown for a status when the server did not send one in Russian. */
export function statusMessage(status: number, retryAfter?: number | null): string {
  switch (status) {
    case 400:
      return 'Некорректный запрос. Проверьте введённые данные.';
    case 401:
      return 'Требуется вход: сессия истекла или данные для входа неверны.';
    case 402:
      return 'Недостаточно кредитов для этой операции. Пополните баланс.';
    case 403:
      return 'Недостаточно прав для этого действия.';
    case 404:
      return 'Не найдено: запись удалена или недоступна.';
    case 409:
      return 'Конфликт: такая запись уже существует или запрос ещё выполняется.';
    case 422:
      return 'Проверьте поля формы: некоторые значения недопустимы.';
    case 429:
      return retryAfter && retryAfter > 0
        ? `Слишком много запросов. Повторите через ${retryAfter} с.`
        : 'Слишком много запросов. Подождите немного и повторите.';
    default:
      if (status >= 500) return 'Сервер временно недоступен. Повторите попытку чуть позже.';
      return `Не удалось выполнить запрос (код ${status}).`;
  }
}

/** `body.prompt_ru`, `$.prompt_ru`, `prompt_ru` -> `prompt_ru`. */
export function normalizeField(field: string): string {
  const cleaned = field.replace(/^\$\.?/, '').replace(/\[\d+\]/g, '');
  const parts = cleaned.split('.').filter(Boolean);
  return parts[parts.length - 1] ?? cleaned;
}

function fieldMessage(error: FieldError): string {
  if (isRussian(error.message)) return error.message;
  const label = FIELD_LABELS[normalizeField(error.field)];
  return label ? `Недопустимое значение поля «${label}».` : 'Недопустимое значение.';
}

/** An API failure with a Russian message and the per-field messages the form shows next to fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;
  readonly fieldErrors: Record<string, string>;
  readonly retryAfter: number | null;

  constructor(status: number, problem: ProblemDetails | null, retryAfter: number | null = null) {
    // The server's own detail wins when it is Russian; 429 keeps the generic text with the wait time.
    const detail = problem?.detail;
    super(status !== 429 && isRussian(detail) ? detail : statusMessage(status, retryAfter));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
    this.fieldErrors = {};
    for (const error of problem?.errors ?? []) {
      if (!error || typeof error.field !== 'string') continue;
      const key = normalizeField(error.field);
      this.fieldErrors[key] ??= fieldMessage(error);
    }
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** A request that never got an HTTP answer (offline, DNS, CORS, aborted connection). */
export class NetworkError extends ApiError {
  constructor() {
    super(0, null);
    this.name = 'NetworkError';
    this.message = NETWORK_ERROR_MESSAGE;
  }
}

/** Parses a failed response into an ApiError (problem details when the body is JSON). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let problem: ProblemDetails | null = null;
  try {
    const text = await response.text();
    if (text) {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') problem = parsed as ProblemDetails;
    }
  } catch {
    problem = null;
  }
  const header = response.headers.get('Retry-After');
  const retryAfter = header && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
  return new ApiError(response.status, problem, retryAfter);
}

/**
 * The message a form shows above its fields: null for a 422 whose field errors are all shown next to
 * the form's own fields (repeating them above would be noise), messageOf() otherwise.
 */
export function formErrorMessage(error: unknown, formFields: readonly string[]): string | null {
  if (error instanceof ApiError && error.status === 422) {
    const fields = Object.keys(error.fieldErrors);
    if (fields.length > 0 && fields.every((field) => formFields.includes(field))) return null;
  }
  return messageOf(error);
}

/** A Russian message for anything thrown by the API layer (or elsewhere). */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return NETWORK_ERROR_MESSAGE;
  return 'Что-то пошло не так. Повторите попытку.';
}
