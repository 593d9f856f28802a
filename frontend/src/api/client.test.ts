import { describe, expect, it, vi } from 'vitest';
import { json, mockFetch, problem } from '../test/fetchMock';
import { apiJson, buildUrl, refreshAccessToken } from './client';
import { ApiError, NetworkError } from './errors';
import { getAccessToken, hasSessionHint, onSessionExpired, setAccessToken } from './session';

describe('buildUrl', () => {
  it('prefixes /api and drops empty filters', () => {
    expect(buildUrl('/generations', { status: 'success', style: '', credits_min: 0, date_to: undefined, x: null })).toBe(
      '/api/generations?status=success&credits_min=0',
    );
    expect(buildUrl('/me')).toBe('/api/me');
  });
});

describe('apiJson authentication', () => {
  it('sends the in-memory access token as a Bearer header', async () => {
    const fetch = mockFetch().on('GET', '/api/balance', { balance_credits: 5, reserved_credits: 0, available_credits: 5 });
    setAccessToken('token-a');
    await expect(apiJson('/balance')).resolves.toEqual({ balance_credits: 5, reserved_credits: 0, available_credits: 5 });
    expect(fetch.calls[0].headers.authorization).toBe('Bearer token-a');
    expect(localStorage.getItem('tortodelova.has_session')).toBe('1');
    // the token itself is never written to storage
    expect(JSON.stringify({ ...localStorage })).not.toContain('token-a');
  });

  it('refreshes through the cookie on 401 and retries once with the new token', async () => {
    const fetch = mockFetch()
      .on('GET', '/api/me', (call) =>
        call.headers.authorization === 'Bearer fresh' ? json(200, { user: { id: 'u1' } }) : problem(401, 'Токен истёк'),
      )
      .on('POST', '/api/auth/refresh', json(200, { access_token: 'fresh', token_type: 'bearer', expires_in: 900 }));
    setAccessToken('stale');
    await expect(apiJson('/me')).resolves.toEqual({ user: { id: 'u1' } });
    expect(fetch.calls.map((c) => `${c.method} ${c.path} ${c.headers.authorization ?? ''}`)).toEqual([
      'GET /api/me Bearer stale',
      'POST /api/auth/refresh ',
      'GET /api/me Bearer fresh',
    ]);
    expect(fetch.callsTo('POST', '/api/auth/refresh')[0].credentials).toBe('include');
    expect(getAccessToken()).toBe('fresh');
  });

  it('shares one refresh between concurrent 401s (the server revokes a reused refresh token)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = mockFetch()
      .on('GET', /^\/api\/(balance|me|styles)$/, (call) =>
        call.headers.authorization === 'Bearer fresh' ? json(200, { ok: call.path }) : problem(401, 'Токен истёк'),
      )
      .on('POST', '/api/auth/refresh', async () => {
        await gate;
        return json(200, { access_token: 'fresh', token_type: 'bearer', expires_in: 900 });
      });
    setAccessToken('stale');
    const pending = Promise.all([apiJson('/balance'), apiJson('/me'), apiJson('/styles')]);
    await vi.waitFor(() => expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(1));
    release();
    await expect(pending).resolves.toEqual([{ ok: '/api/balance' }, { ok: '/api/me' }, { ok: '/api/styles' }]);
    expect(fetch.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused', async () => {
    const fetch = mockFetch()
      .on('GET', '/api/me', problem(401, 'Токен истёк'))
      .on('POST', '/api/auth/refresh', problem(401, 'Сессия отозвана'));
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    setAccessToken('stale');
    const error = await apiJson('/me').catch((e: unknown) => e);
    unsubscribe();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
    expect(hasSessionHint()).toBe(false);
    expect(fetch.callsTo('GET', '/api/me')).toHaveLength(1); // no retry without a token
  });

  it('keeps the session when the refresh fails on a server error (the cookie may still be good)', async () => {
    mockFetch()
      .on('GET', '/api/me', problem(401, 'Токен истёк'))
      .on('POST', '/api/auth/refresh', problem(503, 'unavailable'));
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    setAccessToken('stale');
    const error = await apiJson('/me').catch((e: unknown) => e);
    unsubscribe();
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).message).toMatch(/Сервер временно недоступен/);
    expect(expired).not.toHaveBeenCalled();
    expect(hasSessionHint()).toBe(true);
  });

  it('gets a token first when none is in memory (page reload)', async () => {
    const fetch = mockFetch()
      .on('POST', '/api/auth/refresh', json(200, { access_token: 'boot', token_type: 'bearer', expires_in: 900 }))
      .on('GET', '/api/balance', { balance_credits: 1, reserved_credits: 0, available_credits: 1 });
    await apiJson('/balance');
    expect(fetch.calls.map((c) => c.path)).toEqual(['/api/auth/refresh', '/api/balance']);
    expect(fetch.calls[1].headers.authorization).toBe('Bearer boot');
  });

  it('does not attach a token or refresh for public calls', async () => {
    const fetch = mockFetch().on('POST', '/api/auth/login', problem(401, 'Неверный email или пароль'));
    setAccessToken('token');
    const error = await apiJson('/auth/login', { method: 'POST', body: { email: 'a@b.ru', password: 'x' }, auth: false }).catch((e) => e);
    expect((error as ApiError).message).toBe('Неверный email или пароль');
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0].headers.authorization).toBeUndefined();
    expect(fetch.calls[0].headers['content-type']).toBe('application/json');
  });

  it('turns a failed connection into a Russian network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    setAccessToken('token');
    const error = (await apiJson('/balance').catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/Нет связи с сервером/);
  });

  it('lets a network failure during refresh surface without dropping the session hint', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('offline')));
    localStorage.setItem('tortodelova.has_session', '1');
    await expect(refreshAccessToken()).rejects.toBeInstanceOf(NetworkError);
    expect(hasSessionHint()).toBe(true);
  });
});
