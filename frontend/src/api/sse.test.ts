import { describe, expect, it } from 'vitest';
import { mockFetch, sseResponse } from '../test/fetchMock';
import { streamGenerationEvents } from './endpoints';
import { setAccessToken } from './session';
import { readSse, SseParser } from './sse';
import type { GenerationEvent } from './models';

function bytesStream(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      parts.forEach((p) => controller.enqueue(p));
      controller.close();
    },
  });
}

describe('SseParser', () => {
  it('parses events split at arbitrary chunk boundaries', () => {
    const parser = new SseParser();
    const text = 'event: status\ndata: {"status":"pending"}\n\ndata: {"status":"processing","progress":0.5}\n\n';
    const events = [];
    for (let i = 0; i < text.length; i += 3) events.push(...parser.feed(text.slice(i, i + 3)));
    expect(events).toEqual([
      { event: 'status', data: '{"status":"pending"}' },
      { event: 'message', data: '{"status":"processing","progress":0.5}' },
    ]);
  });

  it('handles CRLF and CR line endings, including a CRLF split across chunks', () => {
    const parser = new SseParser();
    expect(parser.feed('data: a\r')).toEqual([]);
    expect(parser.feed('\n\r\n')).toEqual([{ event: 'message', data: 'a' }]);
    expect(parser.feed('data: b\r\rdata: c\n\n')).toEqual([
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
    ]);
  });

  it('joins multi-line data, ignores comments and unknown fields, keeps id and retry', () => {
    const parser = new SseParser();
    const events = parser.feed(': keep-alive\nid: 7\nretry: 3000\nfoo: bar\ndata: line one\ndata:line two\n\n');
    expect(events).toEqual([{ event: 'message', data: 'line one\nline two', id: '7', retry: 3000 }]);
  });

  it('does not dispatch an event without data and strips a leading BOM', () => {
    const parser = new SseParser();
    expect(parser.feed('\uFEFFevent: ping\n\n')).toEqual([]);
    expect(parser.feed('data\n\n')).toEqual([{ event: 'message', data: '' }]);
  });

  it('keeps an unterminated event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.feed('data: x')).toEqual([]);
    expect(parser.feed('\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('data: {"error":"ошибка"}\n\n');
    const cut = bytes.indexOf(0xd0) + 1; // in the middle of "о"
    const events = [];
    for await (const e of readSse(bytesStream([bytes.slice(0, cut), bytes.slice(cut)]))) events.push(e);
    expect(events).toEqual([{ event: 'message', data: '{"error":"ошибка"}' }]);
  });
});

describe('streamGenerationEvents', () => {
  it('sends the Bearer header, reports each status and stops at a terminal one', async () => {
    const fetch = mockFetch().on('GET', '/api/generations/g1/events', () =>
      sseResponse(
        [
          ': connected\n\n',
          'event: status\ndata: {"status":"pending","progress":0,"queue_position":2}\n\n',
          'data: not json\n\n',
          'data: {"status":"processing","progress":0.4,"queue_position":0}\n\n',
          'data: {"status":"success","progress":1,"queue_position":0,"public_url":"http://s3/x.png"}\n\n',
        ],
        { keepOpen: true },
      ),
    );
    setAccessToken('tok');
    const seen: GenerationEvent[] = [];
    const terminal = await streamGenerationEvents('g1', (e) => seen.push(e), new AbortController().signal);
    expect(terminal).toBe(true);
    expect(seen.map((e) => e.status)).toEqual(['pending', 'processing', 'success']);
    expect(seen[2].public_url).toBe('http://s3/x.png');
    expect(fetch.calls[0].headers.authorization).toBe('Bearer tok');
    expect(fetch.calls[0].headers.accept).toBe('text/event-stream');
  });

  it('resolves false when the stream ends before a terminal status', async () => {
    mockFetch().on('GET', '/api/generations/g2/events', () =>
      sseResponse(['data: {"status":"processing","progress":0.2,"queue_position":0}\n\n']),
    );
    setAccessToken('tok');
    const terminal = await streamGenerationEvents('g2', () => undefined, new AbortController().signal);
    expect(terminal).toBe(false);
  });
});
