import { apiJson, apiRequest, unwrap, type QueryValue } from './client';
import { ApiError, errorFromResponse } from './errors';
import { readSse } from './sse';
import { clearSession, setAccessToken } from './session';
import type {
  AdjustmentInput,
  Bakery,
  BakeryIn,
  AdjustmentResponse,
  AdminGenerationFilters,
  AdminPaymentFilters,
  AdminTransactionFilters,
  AdminUserFilters,
  Balance,
  Credentials,
  FeedbackIn,
  FeedbackOut,
  Generation,
  GenerationCreatedOut,
  InscriptionFont,
  InscriptionInput,
  PrintFile,
  PrintInput,
  UpscaleFactor,
  UpscaleQuote,
  GenerationEvent,
  GenerationFilters,
  GenerationInput,
  LoginResponse,
  Order,
  OrderQuote,
  Page,
  Packs,
  Payment,
  PaymentFilters,
  PublicShareOut,
  Quote,
  QuoteIn,
  Readiness,
  ShareIn,
  ShareOut,
  Stats,
  Style,
  Transaction,
  TransactionFilters,
  UploadOut,
  UploadPurpose,
  User,
  UserEvent,
} from './models';

const asQuery = (filters: object) => filters as Record<string, QueryValue>;

// --- auth ---------------------------------------------------------------------------------------

export async function register(credentials: Credentials): Promise<User> {
  const data = await apiJson<unknown>('/auth/register', { method: 'POST', body: credentials, auth: false });
  return unwrap<User>(data, 'user');
}

export async function login(credentials: Credentials): Promise<LoginResponse> {
  const data = await apiJson<LoginResponse>('/auth/login', { method: 'POST', body: credentials, auth: false });
  setAccessToken(data.access_token);
  return data;
}

export async function logout(): Promise<void> {
  try {
    await apiRequest('/auth/logout', { method: 'POST', auth: false });
  } finally {
    clearSession();
  }
}

export async function getMe(): Promise<User> {
  return unwrap<User>(await apiJson<unknown>('/me'), 'user');
}

// --- balance ------------------------------------------------------------------------------------

export const getBalance = () => apiJson<Balance>('/balance');

// --- payments (credit packs) -------------------------------------------------------------------

export const listPacks = () => apiJson<Packs>('/payments/packs', { auth: false });

/** Starts buying a pack: a pending payment whose `confirmation_url` the payer is sent to. */
export async function buyPack(packId: string, idempotencyKey: string): Promise<Payment> {
  const data = await apiJson<unknown>('/balance/top-up', {
    method: 'POST',
    body: { pack_id: packId },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  return unwrap<Payment>(data, 'payment');
}

export const listPayments = (filters: PaymentFilters) =>
  apiJson<Page<Payment>>('/payments', { query: asQuery(filters) });

/** One of the caller's payments, re-read from the payment service while it is pending. */
export async function checkPayment(id: string): Promise<Payment> {
  return unwrap<Payment>(await apiJson<unknown>(`/payments/${encodeURIComponent(id)}/check`, { method: 'POST' }), 'payment');
}

export const listTransactions = (filters: TransactionFilters) =>
  apiJson<Page<Transaction>>('/transactions', { query: asQuery(filters) });

// --- generations --------------------------------------------------------------------------------

export const listStyles = () => apiJson<Style[]>('/styles', { auth: false });

export const quoteGeneration = (input: GenerationInput, signal?: AbortSignal) =>
  apiJson<Quote>('/generations/quote', { method: 'POST', body: input, signal });

/** Queues 1–4 variants; answers all of them in seed order (an older server answers only `generation`). */
export async function createGeneration(input: GenerationInput, idempotencyKey: string): Promise<Generation[]> {
  const data = await apiJson<GenerationCreatedOut | Generation>('/generations', {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  if ('generations' in data && Array.isArray(data.generations) && data.generations.length) return data.generations;
  return [unwrap<Generation>(data, 'generation')];
}

export const listGenerations = (filters: GenerationFilters) =>
  apiJson<Page<Generation>>('/generations', { query: asQuery(filters) });

const ACTIVE_LIST_LIMIT = 20;

/**
 * The caller's pending and processing generations, newest first. Pending is read before processing:
 * a status only moves forward, so one that starts in between shows up (twice at worst) and is never missed.
 */
export async function listActiveGenerations(signal?: AbortSignal): Promise<Generation[]> {
  const found = new Map<string, Generation>();
  for (const status of ['pending', 'processing'] as const) {
    const page = await apiJson<Page<Generation>>('/generations', { query: { status, limit: ACTIVE_LIST_LIMIT }, signal });
    for (const item of page.items) found.set(item.id, item);
  }
  return [...found.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export async function getGeneration(id: string, signal?: AbortSignal): Promise<Generation> {
  return unwrap<Generation>(await apiJson<unknown>(`/generations/${encodeURIComponent(id)}`, { signal }), 'generation');
}

/** Cancels a pending generation (409 once a worker has started it); its reservation is released. */
export async function cancelGeneration(id: string): Promise<Generation> {
  const data = await apiJson<unknown>(`/generations/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  return unwrap<Generation>(data, 'generation');
}

export const TERMINAL_STATUSES = new Set(['success', 'failed', 'cancelled']);

/** The JSON payloads of an authenticated event stream under /api (textual keep-alives are skipped). */
async function* jsonEvents(path: string, signal: AbortSignal): AsyncGenerator<object> {
  const response = await apiRequest(path, { headers: { Accept: 'text/event-stream' }, signal });
  if (!response.body) throw await errorFromResponse(response);
  for await (const message of readSse(response.body, signal)) {
    let payload: unknown;
    try {
      payload = JSON.parse(message.data);
    } catch {
      continue; // not a JSON payload (e.g. a textual keep-alive)
    }
    if (payload && typeof payload === 'object') yield payload;
  }
}

/**
 * Follows GET /api/generations/{id}/events, calling `onEvent` for every status payload.
 * Resolves `true` once a terminal status arrived, `false` when the stream ended before one
 * (the caller then polls); rejects when the stream could not be opened or broke.
 */
export async function streamGenerationEvents(
  id: string,
  onEvent: (event: GenerationEvent) => void,
  signal: AbortSignal,
): Promise<boolean> {
  for await (const payload of jsonEvents(`/generations/${encodeURIComponent(id)}/events`, signal)) {
    if (!('status' in payload)) continue;
    const event = payload as GenerationEvent;
    onEvent(event);
    if (TERMINAL_STATUSES.has(event.status)) return true;
  }
  return false;
}

// --- uploads ------------------------------------------------------------------------------------

/** POST /api/uploads (multipart, field `file`): a reference photo or a redraw mask, kept privately. */
export async function uploadImage(file: Blob, purpose: UploadPurpose = 'reference'): Promise<UploadOut> {
  const form = new FormData();
  form.append('file', file, file instanceof File ? file.name : 'image.png');
  form.append('purpose', purpose);
  return unwrap<UploadOut>(await apiJson<unknown>('/uploads', { method: 'POST', body: form }), 'upload');
}

// --- portfolio: favourites, delete, share links, client feedback (issue 13) ---------------------

const generationPath = (id: string) => `/generations/${encodeURIComponent(id)}`;

export const setFavorite = (id: string, favorite: boolean) =>
  apiJson<void>(`${generationPath(id)}/favorite`, { method: favorite ? 'PUT' : 'DELETE' });

/** Deletes a finished design: its image and share links go, the history entry stays marked deleted. */
export const deleteGeneration = (id: string) => apiJson<void>(generationPath(id), { method: 'DELETE' });

export async function createShare(id: string, input: ShareIn): Promise<ShareOut> {
  return unwrap<ShareOut>(await apiJson<unknown>(`${generationPath(id)}/share`, { method: 'POST', body: input }), 'share');
}

export const listShares = (generationId: string) =>
  apiJson<Page<ShareOut>>('/shares', { query: { generation_id: generationId } });

export const revokeShare = (token: string) => apiJson<void>(`/shares/${encodeURIComponent(token)}`, { method: 'DELETE' });

export const listFeedback = (id: string) => apiJson<{ items: FeedbackOut[] }>(`${generationPath(id)}/feedback`);

/** The client's page: no account, no token. */
export async function getPublicShare(token: string): Promise<PublicShareOut> {
  const data = await apiJson<unknown>(`/public/shares/${encodeURIComponent(token)}`, { auth: false });
  return unwrap<PublicShareOut>(data, 'share');
}

export async function sendFeedback(token: string, input: FeedbackIn): Promise<FeedbackOut> {
  const data = await apiJson<unknown>(`/public/shares/${encodeURIComponent(token)}/feedback`, { method: 'POST', body: input, auth: false });
  return unwrap<FeedbackOut>(data, 'feedback');
}

/**
 * Follows the owner's user-level stream GET /api/events, calling `onEvent` for each JSON payload with
 * a `type`; resolves when the stream ends, rejects when it could not be opened or broke.
 */
export async function streamUserEvents(onEvent: (event: UserEvent) => void, signal: AbortSignal): Promise<void> {
  for await (const payload of jsonEvents('/events', signal)) {
    if ('type' in payload) onEvent(payload as UserEvent);
  }
}

// --- orders: the price list, quotes on links, «Заказы» (issue 23) ------------------------------

export async function getBakery(): Promise<Bakery | null> {
  return (await apiJson<{ bakery: Bakery | null }>('/profile/bakery')).bakery;
}

export async function saveBakery(input: BakeryIn): Promise<Bakery> {
  return (await apiJson<{ bakery: Bakery }>('/profile/bakery', { method: 'PUT', body: input })).bakery;
}

/** A new version of the order on the link (priced by the server from the price list). */
export async function setQuote(token: string, input: QuoteIn): Promise<OrderQuote> {
  const data = await apiJson<{ quote: OrderQuote }>(`/shares/${encodeURIComponent(token)}/quote`, { method: 'PUT', body: input });
  return data.quote;
}

export const listOrders = (limit = 100, offset = 0) => apiJson<Page<Order>>('/orders', { query: { limit, offset } });

/** The order's .ics (RFC 5545) as a file, fetched with the session's token. */
export async function getOrderCalendar(token: string): Promise<Blob> {
  const response = await apiRequest(`/shares/${encodeURIComponent(token)}/calendar.ics`, { headers: { Accept: 'text/calendar' } });
  return response.blob();
}

// --- admin --------------------------------------------------------------------------------------

export const adminListUsers = (params: AdminUserFilters) =>
  apiJson<Page<User>>('/admin/users', { query: asQuery(params) });

export const adminAdjustBalance = (userId: string, input: AdjustmentInput) =>
  apiJson<AdjustmentResponse>(`/admin/users/${encodeURIComponent(userId)}/adjustments`, {
    method: 'POST',
    body: input,
  });

export const adminListTransactions = (filters: AdminTransactionFilters) =>
  apiJson<Page<Transaction>>('/admin/transactions', { query: asQuery(filters) });

export const adminListGenerations = (filters: AdminGenerationFilters) =>
  apiJson<Page<Generation>>('/admin/generations', { query: asQuery(filters) });

export const adminStats = () => apiJson<Stats>('/admin/stats');

export const adminListPayments = (filters: AdminPaymentFilters) =>
  apiJson<Page<Payment>>('/admin/payments', { query: asQuery(filters) });

export async function adminRefundPayment(id: string): Promise<Payment> {
  return unwrap<Payment>(await apiJson<unknown>(`/admin/payments/${encodeURIComponent(id)}/refund`, { method: 'POST' }), 'payment');
}

// --- system -------------------------------------------------------------------------------------

/** GET /api/ready answers 503 with the same body when a dependency is down; both are read. */
export async function getReadiness(): Promise<Readiness> {
  try {
    return await apiJson<Readiness>('/ready', { auth: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 503 && error.problem && 'ml_engine' in error.problem) {
      return error.problem as unknown as Readiness;
    }
    throw error;
  }
}

// --- issue 22: from screen to cake ------------------------------------------------------------------

const designPath = (id: string, action: string) => `/generations/${encodeURIComponent(id)}/${action}`;

/** The edible-print file of a design (PDF, PNG or JPEG) with its effective resolution. */
export async function exportPrint(id: string, input: PrintInput, signal?: AbortSignal): Promise<PrintFile> {
  const response = await apiRequest(designPath(id, 'print'), { method: 'POST', body: input, signal });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `tort-${id}.${input.format ?? 'pdf'}`;
  return { blob: await response.blob(), filename, effectiveDpi: Number(response.headers.get('X-Effective-DPI') ?? 0) };
}

/** The price and size of that upscale; nothing is reserved. */
export const quoteUpscale = (id: string, factor: UpscaleFactor, signal?: AbortSignal) =>
  apiJson<UpscaleQuote>(designPath(id, 'upscale/quote'), { method: 'POST', body: { factor }, signal });

/** Queues «Увеличить для печати»: a new design of kind `upscale`, charged once it is stored. */
export async function upscaleDesign(id: string, factor: UpscaleFactor, idempotencyKey: string): Promise<Generation> {
  const data = await apiJson<unknown>(designPath(id, 'upscale'), {
    method: 'POST',
    body: { factor },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  return unwrap<Generation>(data, 'generation');
}

/** A new design with the inscription drawn on it by the server (free, at once). */
export async function addInscription(id: string, input: InscriptionInput): Promise<Generation> {
  return unwrap<Generation>(await apiJson<unknown>(designPath(id, 'inscription'), { method: 'POST', body: input }), 'generation');
}

export const listInscriptionFonts = () => apiJson<InscriptionFont[]>('/inscriptions/fonts', { auth: false });
