import type { Generation } from '../../api/models';
import { DECISION_LABELS, formatDateTime } from '../../shared/lib/format';
import { useFeedback } from './hooks';

/** The client's decisions and comments on a design, newest first. */
export function FeedbackThread({ design }: { design: Generation }) {
  const feedback = useFeedback(design.id, (design.feedback?.count ?? 0) > 0);
  const items = [...(feedback.data?.items ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));
  if (items.length === 0) return null;
  return (
    <section className="thread" aria-labelledby={`thread-${design.id}`} data-testid="feedback-thread">
      <h3 className="thread__title" id={`thread-${design.id}`}>
        Ответы клиента
      </h3>
      <ul className="thread__items">
        {items.map((item) => (
          <li key={item.id} className="thread__item">
            <div className="thread__head">
              <span className={`badge badge--decision-${item.decision}`}>{DECISION_LABELS[item.decision]}</span>
              <span className="thread__who">{item.name || 'Клиент'}</span>
              <span className="muted">{formatDateTime(item.created_at)}</span>
            </div>
            {item.comment ? <p className="thread__comment">{item.comment}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
