import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { json, mockFetch, problem, sseResponse } from '../../test/fetchMock';
import { testQueryClient } from '../../test/render';
import { generation } from '../../test/factories';
import { useGenerationTracker } from './useGenerationTracker';

function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={testQueryClient()}>{children}</QueryClientProvider>;
}

const FAST_POLL = 10;

describe('useGenerationTracker', () => {
  it('falls back to polling GET /api/generations/{id} when the stream cannot be opened', async () => {
    const fetch = mockFetch().on('GET', '/api/generations/g-1/events', problem(500, 'boom'));
    const answers = [
      generation({ status: 'processing', progress: 0.3, queue_position: 0 }),
      generation({ status: 'processing', progress: 0.7, queue_position: 0 }),
      generation({ status: 'success', progress: 1, queue_position: 0, public_url: 'http://s3/x.png', credits_spent: 10 }),
    ];
    let i = 0;
    fetch.on('GET', '/api/generations/g-1', () => json(200, { generation: answers[Math.min(i++, answers.length - 1)] }));
    setAccessToken('tok');
    const { result } = renderHook(() => useGenerationTracker(generation(), { pollMs: FAST_POLL }), { wrapper });
    expect(result.current?.status).toBe('pending');
    await waitFor(() => expect(result.current?.status).toBe('success'));
    expect(result.current?.mode).toBe('polling');
    expect(result.current?.generation?.public_url).toBe('http://s3/x.png');
    expect(fetch.callsTo('GET', '/api/generations/g-1')).toHaveLength(3);
    expect(fetch.callsTo('GET', '/api/generations/g-1').every((c) => c.headers.authorization === 'Bearer tok')).toBe(true);
  });

  it('polls when the stream ends without a terminal status', async () => {
    const fetch = mockFetch()
      .on('GET', '/api/generations/g-1/events', () => sseResponse(['data: {"status":"processing","progress":0.5,"queue_position":0}\n\n']))
      .on('GET', '/api/generations/g-1', json(200, { generation: generation({ status: 'failed', error: 'нет памяти' }) }));
    setAccessToken('tok');
    const { result } = renderHook(() => useGenerationTracker(generation(), { pollMs: FAST_POLL }), { wrapper });
    await waitFor(() => expect(result.current?.status).toBe('failed'));
    expect(result.current?.error).toBe('нет памяти');
    expect(fetch.callsTo('GET', '/api/generations/g-1').length).toBeGreaterThanOrEqual(1);
  });

  it('uses the stream when it works and fetches the final record once', async () => {
    const fetch = mockFetch()
      .on('GET', '/api/generations/g-1/events', () =>
        sseResponse(
          [
            'data: {"status":"pending","progress":0,"queue_position":1}\n\n',
            'data: {"status":"processing","progress":0.5,"queue_position":0}\n\n',
            'data: {"status":"success","progress":1,"queue_position":0,"public_url":"http://s3/y.png"}\n\n',
          ],
          { keepOpen: true },
        ),
      )
      .on('GET', '/api/generations/g-1', json(200, { generation: generation({ status: 'success', progress: 1, public_url: 'http://s3/y.png' }) }));
    setAccessToken('tok');
    const { result } = renderHook(() => useGenerationTracker(generation(), { pollMs: FAST_POLL }), { wrapper });
    await waitFor(() => expect(result.current?.generation?.status).toBe('success'));
    expect(result.current?.mode).toBe('stream');
    expect(result.current?.progress).toBe(1);
    expect(fetch.callsTo('GET', '/api/generations/g-1')).toHaveLength(1);
  });

  it('does not carry the last generation\'s events over to the next one', async () => {
    mockFetch()
      .on('GET', '/api/generations/g-1/events', () =>
        sseResponse(['data: {"status":"success","progress":1,"queue_position":0}\n\n'], { keepOpen: true }),
      )
      .on('GET', '/api/generations/g-1', json(200, { generation: generation({ status: 'success', progress: 1 }) }))
      .on('GET', '/api/generations/g-2/events', () => sseResponse([], { keepOpen: true }));
    setAccessToken('tok');
    const { result, rerender } = renderHook(({ g }) => useGenerationTracker(g, { pollMs: FAST_POLL }), {
      wrapper,
      initialProps: { g: generation() },
    });
    await waitFor(() => expect(result.current?.generation?.status).toBe('success'));
    rerender({ g: generation({ id: 'g-2' }) });
    // The very first render for g-2 already shows its own state, not g-1's «success».
    expect(result.current?.status).toBe('pending');
    expect(result.current?.mode).toBe('stream');
  });

  it('keeps the latest preview: an event without one does not wipe it', async () => {
    const sketch = 'data:image/jpeg;base64,AAAA';
    const sharper = 'data:image/jpeg;base64,BBBB';
    mockFetch().on('GET', '/api/generations/g-1/events', () =>
      sseResponse(
        [
          `data: {"status":"processing","progress":0.25,"queue_position":0,"preview":"${sketch}"}\n\n`,
          'data: {"status":"processing","progress":0.3,"queue_position":0,"preview":null}\n\n',
          `data: {"status":"processing","progress":0.5,"queue_position":0,"preview":"${sharper}"}\n\n`,
          'data: {"status":"processing","progress":0.6,"queue_position":0}\n\n',
        ],
        { keepOpen: true },
      ),
    );
    setAccessToken('tok');
    const { result } = renderHook(() => useGenerationTracker(generation(), { pollMs: FAST_POLL }), { wrapper });
    await waitFor(() => expect(result.current?.progress).toBe(0.6));
    expect(result.current?.preview).toBe(sharper);
  });
});
