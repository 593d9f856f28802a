import { useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../api/limits';
import type { Decision, FeedbackIn, FeedbackOut } from '../../api/models';
import { validateOptionalText } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';

export const COMMENT_FOR_CHANGES = 'Напишите, что поменять: без этого кондитер не узнает, что исправить.';

interface AnswerFormProps {
  /** The answer being changed (its words fill the form), or null for a first answer. */
  initial: FeedbackOut | null;
  /** Several designs and none chosen yet. */
  needsChoice: boolean;
  sending: boolean;
  /** The server's messages per field (422). */
  serverErrors: Record<string, string>;
  sendError: string | null;
  onSend: (input: Omit<FeedbackIn, 'generation_id'>) => void;
  /** «Оставить прежний ответ»: back to the answer given, when changing one. */
  onCancel?: () => void;
}

type Errors = { choice?: string; comment?: string; name?: string };

/** Comment, name and the two answers; «Нужны правки» wants a comment saying what to change. */
export function AnswerForm({ initial, needsChoice, sending, serverErrors, sendError, onSend, onCancel }: AnswerFormProps) {
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const commentRef = useRef<HTMLTextAreaElement>(null);
  // Changing an answer starts at its comment.
  useEffect(() => {
    if (initial) commentRef.current?.focus();
  }, [initial]);

  function decide(decision: Decision) {
    const found: Errors = {
      choice: needsChoice ? 'Выберите вариант, о котором ваш ответ.' : undefined,
      comment:
        validateOptionalText(comment, LIMITS.feedbackComment.max, 'Комментарий') ??
        (decision === 'changes_requested' && !comment.trim() ? COMMENT_FOR_CHANGES : undefined),
      name: validateOptionalText(name, LIMITS.feedbackName.max, 'Имя') ?? undefined,
    };
    setErrors(found);
    if (found.comment) commentRef.current?.focus();
    if (found.choice || found.comment || found.name) return;
    onSend({ decision, comment: comment.trim() || null, name: name.trim() || null });
  }

  return (
    <form className="client__form" onSubmit={(event) => event.preventDefault()} noValidate aria-label="Ваш ответ">
      {errors.choice ? (
        <p className="field__error" id="choice-error" role="alert">
          {errors.choice}
        </p>
      ) : null}
      <Field label="Комментарий" hint="Что понравилось или что поменять. Для «Нужны правки» обязательно." error={errors.comment ?? serverErrors.comment}>
        <textarea ref={commentRef} className="input textarea" name="comment" rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
      </Field>
      <Field label="Ваше имя" hint="Необязательно." error={errors.name ?? serverErrors.name}>
        <input className="input" name="name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
      </Field>
      {sendError ? <Alert title="Ответ не отправлен">{sendError}</Alert> : null}
      <div className="client__actions">
        <button type="button" className="btn btn--primary btn--lg" disabled={sending} onClick={() => decide('approved')}>
          Согласовать
        </button>
        <button type="button" className="btn btn--secondary btn--lg" disabled={sending} onClick={() => decide('changes_requested')}>
          Нужны правки
        </button>
      </div>
      {onCancel ? (
        <button type="button" className="btn btn--ghost client__keep" onClick={onCancel}>
          Оставить прежний ответ
        </button>
      ) : null}
    </form>
  );
}
