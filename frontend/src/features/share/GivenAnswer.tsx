import type { Ref } from 'react';
import type { FeedbackOut } from '../../api/models';
import { DECISION_LABELS, formatDateTime } from '../../shared/lib/format';

interface GivenAnswerProps {
  answer: FeedbackOut;
  /** «Вариант 2» when the link shows several designs. */
  variant: string | null;
  /** Sent just now (not recalled from an earlier visit). */
  justSent: boolean;
  onChange: () => void;
  ref?: Ref<HTMLElement>;
}

/** «Вы ответили: Нужны правки — …» with «Изменить ответ»: what this device answered on the link. */
export function GivenAnswer({ answer, variant, justSent, onChange, ref }: GivenAnswerProps) {
  const approved = answer.decision === 'approved';
  return (
    <section className={`client__answer client__answer--${answer.decision}`} data-testid="share-answer" tabIndex={-1} ref={ref} aria-labelledby="given-answer-title">
      <span className="client__answer-icon" aria-hidden="true">
        {approved ? '✓' : '✎'}
      </span>
      <div className="client__answer-body">
        {justSent ? <p className="client__answer-thanks">Спасибо! Ответ отправлен, кондитер увидит его сразу.</p> : null}
        <h2 className="client__answer-title" id="given-answer-title">
          Вы ответили: <strong>{DECISION_LABELS[answer.decision]}</strong>
          {variant ? ` (${variant})` : ''}
          {answer.quote_version ? ` (заказ, версия ${answer.quote_version})` : ''}
          {answer.comment ? ` — «${answer.comment}»` : ''}
        </h2>
        <p className="muted client__answer-meta">
          {answer.name ? `${answer.name}, ` : ''}
          {formatDateTime(answer.created_at)}
        </p>
        <button type="button" className="btn btn--ghost" onClick={onChange}>
          Изменить ответ
        </button>
      </div>
    </section>
  );
}
