import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { streamGenerationEvents, TERMINAL_STATUSES } from '../../api/endpoints';
import { generationQuery, invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import type { Generation, GenerationEvent, GenerationStatus } from '../../api/models';
import { useWatchGeneration } from './activeGenerations';

export const POLL_INTERVAL_MS = 2_000;

const isTerminal = (status: GenerationStatus | undefined) => !!status && TERMINAL_STATUSES.has(status);

interface StreamState {
  id: string | null;
  live: GenerationEvent | null;
  mode: 'stream' | 'polling';
  finished: boolean;
  /** The latest picture the stream sent: events without one keep the previous. */
  preview: string | null;
}

const freshStream = (id: string | null): StreamState => ({ id, live: null, mode: 'stream', finished: false, preview: null });

export interface TrackedGeneration {
  status: GenerationStatus;
  progress: number;
  queuePosition: number | null;
  error: string | null;
  /** The latest in-progress picture (a small data URI) while the worker draws; null before the first. */
  preview: string | null;
  /** The full record once it reached a terminal status (or the latest polled one). */
  generation: Generation | null;
  mode: 'stream' | 'polling';
}

/**
 * Follows one generation: the SSE stream first (fetch + Bearer), polling every 2 s when the stream
 * cannot be opened or breaks; the final record is fetched once a terminal status is known.
 */
export function useGenerationTracker(
  initial: Generation | null,
  { pollMs = POLL_INTERVAL_MS }: { pollMs?: number } = {},
): TrackedGeneration | null {
  const id = initial?.id ?? null;
  const initialTerminal = isTerminal(initial?.status);
  const queryClient = useQueryClient();
  // This page shows the generation itself: the layout's strip and finish notice leave it out.
  useWatchGeneration(id);
  // Stream state is tagged with the generation it belongs to, so a new id never shows the last one's events.
  const [stream, setStream] = useState<StreamState>(() => freshStream(id));
  const { live, mode, finished: streamFinished, preview } = stream.id === id ? stream : freshStream(id);

  useEffect(() => {
    if (!id || initialTerminal) return;
    const controller = new AbortController();
    const update = (patch: Partial<StreamState>) => {
      if (!controller.signal.aborted) setStream((s) => ({ ...(s.id === id ? s : freshStream(id)), ...patch }));
    };
    const onEvent = (event: GenerationEvent) => update(event.preview ? { live: event, preview: event.preview } : { live: event });
    streamGenerationEvents(id, onEvent, controller.signal)
      .then((terminal) => update(terminal ? { finished: true } : { mode: 'polling' }))
      .catch(() => update({ mode: 'polling' }));
    return () => controller.abort();
  }, [id, initialTerminal]);

  const query = useQuery({
    ...generationQuery(id ?? ''),
    enabled: !!id && (mode === 'polling' || streamFinished || initialTerminal),
    staleTime: 0,
    refetchInterval: (q) => ((mode === 'polling' || streamFinished) && !isTerminal(q.state.data?.status) ? pollMs : false),
  });

  const record = query.data && query.data.id === id ? query.data : null;
  const finalStatus = record && isTerminal(record.status) ? record.status : undefined;

  useEffect(() => {
    if (!finalStatus) return;
    void invalidateMoney(queryClient);
    void queryClient.invalidateQueries({ queryKey: keys.generations() });
  }, [id, finalStatus, queryClient]);

  if (!initial) return null;
  // Precedence: a terminal record, then the latest stream event, then the latest poll, then the POST answer.
  const source =
    (record && isTerminal(record.status) && record) ||
    live ||
    (mode === 'polling' && record) ||
    initial;
  return {
    status: source.status,
    progress: source.progress ?? 0,
    queuePosition: source.queue_position ?? null,
    error: source.error ?? null,
    preview,
    generation: record && isTerminal(record.status) ? record : initialTerminal ? initial : null,
    mode,
  };
}
