import { useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../api/limits';
import type { Decision, FeedbackIn, FeedbackOut, OrderQuote } from '../../api/models';
import { validateOptionalText } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { checkContact, ClientContact, type ContactErrors } from './ClientContact';

export const COMMENT_FOR_CHANGES = 'Напишите, что поменять: без этого кондитер не узнает, что исправить.';

interface AnswerFormProps {
  /** The answer being changed (its words fill the form), or null for a first answer. */
  initial: FeedbackOut | null;
  /** Several designs and none chosen yet. */
  needsChoice: boolean;
  sending: boolean;
  /** The order on the link (issue 23): approving names its version and a name; a phone needs consent. */
  quote?: OrderQuote | null;
  /** The server's messages per field (422). */
  serverErrors: Record<string, string>;
  sendError: string | null;
  onSend: (input: Omit<FeedbackIn, 'generation_id'>) => void;
  /** «Оставить прежний ответ»: back to the answer given, when changing one. */
  onCancel?: () => void;
}

type Errors = { choice?: string; comment?: string; name?: string } & ContactErrors;

/** Comment, name and the two answers; «Нужны правки» wants a comment saying what to change. */
export function AnswerForm({ initial, needsChoice, sending, quote = null, serverErrors, sendError, onSend, onCancel }: AnswerFormProps) {
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const expired = quote?.status === 'expired';
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
      name:
        validateOptionalText(name, LIMITS.feedbackName.max, 'Имя') ??
        (quote && decision === 'approved' && !name.trim() ? 'Укажите имя: кондитер запишет заказ на него.' : undefined),
      ...(quote ? checkContact(phone, consent) : {}),
    };
    setErrors(found);
    if (found.comment) commentRef.current?.focus();
    if (Object.values(found).some(Boolean)) return;
    const order = quote ? { quote_version: quote.version, phone: phone.trim() || null, consent } : {};
    onSend({ decision, comment: comment.trim() || null, name: name.trim() || null, ...order });
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
      <Field label="Ваше имя" hint={quote ? 'Нужно, чтобы согласовать заказ.' : 'Необязательно.'} error={errors.name ?? serverErrors.name}>
        <input className="input" name="name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
      </Field>
      {quote ? (
        <ClientContact
          phone={phone}
          consent={consent}
          errors={{ phone: errors.phone ?? serverErrors.phone, consent: errors.consent ?? serverErrors.consent }}
          onPhone={setPhone}
          onConsent={setConsent}
        />
      ) : null}
      {sendError ? <Alert title="Ответ не отправлен">{sendError}</Alert> : null}
      <div className="client__actions">
        <button type="button" className="btn btn--primary btn--lg" disabled={sending || expired} onClick={() => decide('approved')}>
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
