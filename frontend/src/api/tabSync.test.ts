import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockFetch } from '../test/fetchMock';

/** A minimal Web Locks: one holder per name, the others queue in order (as in the browser). */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(task, task);
      tails.set(name, run.catch(() => undefined));
      return run;
    },
  };
}

type Tab = typeof import('./client') & typeof import('./session') & typeof import('./tabSync');

/** A fresh copy of the API modules: its own in-memory token, as a separate tab of one browser has. */
async function openTab(): Promise<Tab> {
  vi.resetModules();
  return { ...(await import('./client')), ...(await import('./session')), ...(await import('./tabSync')) };
}

/** The server's cookie jar and rotation: a spent cookie presented again is reuse. */
function rotatingServer() {
  let cookie = 1;
  const presented: number[] = [];
  const fetch = mockFetch().on('POST', '/api/auth/refresh', async () => {
    presented.push(cookie);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the round trip other tabs overlap with
    cookie += 1;
    return json(200, { access_token: `access-${cookie}`, token_type: 'bearer', expires_in: 900 });
  });
  return { fetch, presented };
}

const opened: Tab[] = [];

afterEach(() => {
  for (const tab of opened.splice(0)) tab.closeTabSync();
});

describe('refresh across tabs', () => {
  it('refreshes once for three tabs opened together and hands them the same token', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() });
    const { fetch, presented } = rotatingServer();
    for (let i = 0; i < 3; i += 1) opened.push(await openTab());
    opened.forEach((tab) => tab.getAccessToken()); // each tab is listening, as after its first request

    const tokens = await Promise.all(opened.map((tab) => tab.refreshAccessToken()));

    expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(presented).toEqual([1]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
    expect(opened.map((tab) => tab.getAccessToken())).toEqual(['access-2', 'access-2', 'access-2']);
  });

  it('never presents a spent cookie even when the new token arrives late', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() });
    const { presented } = rotatingServer();
    // Tabs that never opened the channel learn nothing from each other: the lock alone must keep
    // them from presenting the same cookie twice (each next one sends the rotated cookie).
    for (let i = 0; i < 3; i += 1) opened.push(await openTab());
    const tokens = await Promise.all(opened.map((tab) => tab.refreshAccessToken()));
    expect(new Set(presented).size).toBe(presented.length);
    expect(tokens.every((token) => token?.startsWith('access-'))).toBe(true);
  });

  it('refreshes directly where Web Locks are missing (the server grace window covers the race)', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: undefined });
    const { fetch } = rotatingServer();
    const tab = await openTab();
    opened.push(tab);
    await expect(tab.refreshAccessToken()).resolves.toBe('access-2');
    expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });
});
