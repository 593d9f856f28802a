/**
 * The access token lives only in memory (never in storage); the refresh token is an httpOnly cookie
 * the browser sends to /api/auth. A non-secret hint in localStorage remembers that a refresh cookie
 * probably exists, so a first-time visitor is not greeted by a pointless 401 from /api/auth/refresh.
 */

import { listenForSharedTokens, shareToken } from './tabSync';

const HINT_KEY = 'tortodelova.has_session';

let accessToken: string | null = null;
let tokenVersion = 0; // bumped on every change, so a tab that waited for the refresh lock sees one
const expiredListeners = new Set<() => void>();

export function getAccessToken(): string | null {
  listenForSharedTokens((token) => setAccessToken(token));
  return accessToken;
}

export function getTokenVersion(): number {
  return tokenVersion;
}

/** `share`: a token this tab refreshed, handed to the other tabs of the browser (see tabSync.ts). */
export function setAccessToken(token: string | null, { share = false } = {}): void {
  listenForSharedTokens((shared) => setAccessToken(shared));
  accessToken = token;
  tokenVersion += 1;
  if (share && token) shareToken(token);
  try {
    if (token) localStorage.setItem(HINT_KEY, '1');
  } catch {
    /* storage may be unavailable (private mode); the hint is only an optimisation */
  }
}

export function clearSession(): void {
  accessToken = null;
  tokenVersion += 1;
  try {
    localStorage.removeItem(HINT_KEY);
  } catch {
    /* see above */
  }
}

export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

/** Called when a refresh fails mid-session: the app drops the user and shows the login page. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export function notifySessionExpired(): void {
  for (const listener of [...expiredListeners]) listener();
}
