/**
 * One token refresh per browser, not one per tab.
 *
 * Every tab keeps its access token in memory, but they all share the refresh cookie, and the server
 * rotates it on each refresh. Tabs opened together (or a restored browser) would otherwise all send
 * the same cookie at once. The design, kept as small as it can be while staying correct:
 *  - the refresh runs under a Web Lock held by one tab of the origin at a time; the next tab in line
 *    already sends the rotated cookie, so no tab ever presents a cookie another one has spent;
 *  - the tab that refreshed posts the new access token on a BroadcastChannel and keeps the lock a
 *    moment longer (messages and lock grants are separate queues); a tab that was waiting for the lock
 *    sees that its token changed meanwhile and uses it instead of rotating again. Should the message
 *    still be late, that tab merely rotates once more, with the cookie already rotated;
 *  - without Web Locks (old browsers) the tabs race, and the server's grace window
 *    (REFRESH_REUSE_GRACE_SECONDS) returns the same successor to each of them.
 */

const LOCK_NAME = 'tortodelova-refresh';
const CHANNEL_NAME = 'tortodelova-session';

interface AccessMessage {
  type: 'access';
  token: string;
}

let channel: BroadcastChannel | null | undefined;

/** Runs `task` while holding the browser-wide refresh lock (at once where Web Locks are missing). */
export function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(LOCK_NAME, task).then((result) => result) : task();
}

/** Listens for tokens other tabs obtained; the channel opens on first use, not at import. */
export function listenForSharedTokens(receive: (token: string) => void): void {
  if (channel !== undefined) return;
  channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
  if (!channel) return;
  channel.onmessage = (event: MessageEvent<AccessMessage>) => {
    if (event.data?.type === 'access' && typeof event.data.token === 'string') receive(event.data.token);
  };
}

const HANDOVER_MS = 50;

/** Hands a freshly refreshed access token to the other tabs. */
export function shareToken(token: string): void {
  channel?.postMessage({ type: 'access', token } satisfies AccessMessage);
}

/** Awaited before the lock is released, so the tabs queued behind it receive the shared token first. */
export function handoverPause(): Promise<void> {
  return channel ? new Promise((resolve) => setTimeout(resolve, HANDOVER_MS)) : Promise.resolve();
}

/** Tests only: forget the channel so a module reload starts clean. */
export function closeTabSync(): void {
  channel?.close();
  channel = undefined;
}
