import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { streamUserEvents } from '../api/endpoints';
import { ApiError } from '../api/errors';
import type { FeedbackOut } from '../api/models';
import { keys } from '../api/queryKeys';
import { useAnnounce } from '../shared/a11y/announcer';
import { DECISION_LABELS } from '../shared/lib/format';
import './notices.css';

export const RECONNECT_MS = 5_000;
/** A notice goes by itself after a while: the badge and the thread keep the answer. */
export const NOTICE_MS = 20_000;

/**
 * While the app is open, follows the owner's event stream (GET /api/events): a client's answer on a
 * shared design refreshes the gallery and the design's thread, and shows a notice with a way to it.
 */
export function FeedbackNotices() {
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState<FeedbackOut | null>(null);
  useAnnounce(latest ? `Клиент ответил на дизайн: ${DECISION_LABELS[latest.decision]}` : null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    const follow = () => {
      streamUserEvents((event) => {
        if (event.type !== 'feedback' || !('feedback' in event)) return;
        const feedback = event.feedback as FeedbackOut;
        const id = feedback.generation_id;
        void queryClient.invalidateQueries({ queryKey: keys.generations() });
        void queryClient.invalidateQueries({ queryKey: keys.generation(id) });
        void queryClient.invalidateQueries({ queryKey: keys.feedback(id) });
        void queryClient.invalidateQueries({ queryKey: ['shares'] });
        void queryClient.invalidateQueries({ queryKey: keys.orders }); // an answer is an order's status change
        setLatest(feedback);
      }, controller.signal)
        .catch((error: unknown) => {
          // A refused stream (no such endpoint, signed out) is not retried; a dropped one is.
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return 'stop';
          return undefined;
        })
        .then((result) => {
          if (result !== 'stop' && !controller.signal.aborted) timer = window.setTimeout(follow, RECONNECT_MS);
        });
    };
    follow();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [queryClient]);

  useEffect(() => {
    if (!latest) return;
    const timer = window.setTimeout(() => setLatest(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [latest]);

  if (!latest) return null;
  return (
    <div className="notice" data-testid="feedback-notice">
      <span>
        Клиент ответил: <strong>{DECISION_LABELS[latest.decision]}</strong>
        {latest.comment ? ` — «${latest.comment}»` : ''}
      </span>
      <Link className="btn btn--secondary btn--sm" to={`/designs/${latest.generation_id}`} onClick={() => setLatest(null)}>
        Открыть дизайн
      </Link>
      <button type="button" className="notice__close" aria-label="Скрыть уведомление" onClick={() => setLatest(null)}>
        ×
      </button>
    </div>
  );
}
