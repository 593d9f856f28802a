import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  credentials?: RequestCredentials;
}

type Handler = (call: RecordedCall) => Response | Promise<Response>;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

export function problem(status: number, detail: string, errors?: { field: string; message: string }[]): Response {
  return json(status, { type: 'about:blank', title: 'Error', status, detail, ...(errors ? { errors } : {}) });
}

/**
 * Replaces global fetch with a router over (method, path) that records every call.
 * Unmatched requests fail the test loudly with a 599 so a missing handler is obvious.
 */
export function mockFetch() {
  const routes: Route[] = [];
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = url.split('?')[0];
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    // JSON bodies are parsed; a multipart body is kept as the FormData it is.
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body instanceof FormData ? init.body : undefined;
    const call: RecordedCall = { method: (init.method ?? 'GET').toUpperCase(), url, path, headers, body, credentials: init.credentials };
    calls.push(call);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const route = routes.find(
      (r) => r.method === call.method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
    );
    if (!route) return json(599, { detail: `no mock for ${call.method} ${url}` });
    return route.handler(call);
  });
  vi.stubGlobal('fetch', fetchMock);
  const api = {
    calls,
    on(method: string, path: string | RegExp, handler: Handler | Response | object) {
      const fn: Handler =
        typeof handler === 'function'
          ? (handler as Handler)
          : handler instanceof Response
            ? () => (handler as Response).clone()
            : () => json(200, handler);
      routes.unshift({ method, path, handler: fn });
      return api;
    },
    callsTo(method: string, path: string | RegExp) {
      return calls.filter((c) => c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)));
    },
  };
  return api;
}

export type FetchMock = ReturnType<typeof mockFetch>;

/** A text/event-stream body delivering `chunks` one by one (then closing unless `keepOpen`). */
export function sseResponse(chunks: string[], { keepOpen = false } = {}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) controller.close();
    },
  });
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}
