import { ApiError, errorFromResponse, NetworkError } from './errors';
import { clearSession, getAccessToken, getTokenVersion, notifySessionExpired, setAccessToken } from './session';
import { handoverPause, withRefreshLock } from './tabSync';
import type { TokenResponse } from './models';

export const API_PREFIX = '/api';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Attach the Bearer token and refresh-and-retry once on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

/** `/generations`, {limit: 12, style: undefined} -> `/api/generations?limit=12` (empty values dropped). */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const search = params.toString();
  return `${API_PREFIX}${path}${search ? `?${search}` : ''}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'include', ...init });
  } catch (error) {
    if (isAbort(error) || init.signal?.aborted) throw error;
    throw new NetworkError();
  }
}

let refreshInFlight: Promise<string | null> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Single-flight within the tab, and one tab at a
 * time across the browser (tabSync.ts): the server rotates the cookie, so callers must not race.
 * Resolves to null when there is no valid session; rejects with NetworkError when offline and with
 * ApiError on 429/5xx (the cookie may still be good, so the session is kept).
 */
export function refreshAccessToken(): Promise<string | null> {
  const seen = getTokenVersion();
  refreshInFlight ??= withRefreshLock(async () => {
    // Re-read after the lock: another tab may have refreshed meanwhile and handed its token over.
    const current = getAccessToken();
    if (current && getTokenVersion() !== seen) return current;
    const response = await send(`${API_PREFIX}/auth/refresh`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    // Only a refused cookie ends the session; a 429 or 5xx is a passing failure and is reported as such.
    if (response.status === 429 || response.status >= 500) throw await errorFromResponse(response);
    if (!response.ok) {
      clearSession();
      return null;
    }
    const data = (await response.json()) as TokenResponse;
    setAccessToken(data.access_token, { share: true });
    await handoverPause();
    return data.access_token;
  }).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/** Performs a request against /api; throws ApiError (Russian message) on any non-2xx answer. */
export async function apiRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = 'GET', body, query, headers = {}, auth = true, signal } = options;
  const url = buildUrl(path, query);
  const baseHeaders: Record<string, string> = { Accept: 'application/json', ...headers };
  // A FormData body goes as multipart: the browser writes the Content-Type with its boundary.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) baseHeaders['Content-Type'] = 'application/json';
  const payload = body === undefined ? undefined : multipart ? body : JSON.stringify(body);

  const attempt = (token: string | null) =>
    send(url, {
      method,
      body: payload,
      signal,
      headers: token ? { ...baseHeaders, Authorization: `Bearer ${token}` } : baseHeaders,
    });

  let token = auth ? getAccessToken() : null;
  if (auth && !token) {
    token = await refreshAccessToken();
    if (!token) {
      notifySessionExpired();
      throw new ApiError(401, null);
    }
  }
  let response = await attempt(token);

  if (response.status === 401 && auth) {
    // Another request may already have refreshed while this one was in flight.
    const current = getAccessToken();
    const fresh = current && current !== token ? current : await refreshAccessToken();
    if (!fresh) {
      notifySessionExpired();
      throw await errorFromResponse(response);
    }
    response = await attempt(fresh);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiRequest(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Accepts both `{"user": {...}}` and a bare object for the contract's `{user}` notation. */
export function unwrap<T>(data: unknown, key: string): T {
  if (data && typeof data === 'object' && key in data) {
    const inner = (data as Record<string, unknown>)[key];
    if (inner && typeof inner === 'object') return inner as T;
  }
  return data as T;
}
