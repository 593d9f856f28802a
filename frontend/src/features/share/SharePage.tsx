import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import * as api from '../../api/endpoints';
import { ApiError, messageOf } from '../../api/errors';
import { LIMITS } from '../../api/limits';
import type { Decision, FeedbackIn, PublicShareOut } from '../../api/models';
import { keys } from '../../api/queryKeys';
import { AnnouncerProvider, useAnnounce } from '../../shared/a11y/announcer';
import { DECISION_LABELS, formatDate } from '../../shared/lib/format';
import { validateOptionalText } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { CakeIcon } from '../../shared/ui/Logo';
import { Spinner } from '../../shared/ui/States';
import { checkContact, ClientContact, type ContactErrors } from './ClientContact';
import { OrderCard } from './OrderCard';
import './share.css';

export const GONE_MESSAGE = 'Ссылка больше не действует';
export const TOO_MANY_MESSAGE = 'Слишком много отзывов, попробуйте позже';
export const ORDER_CHANGED_MESSAGE = 'Кондитер только что изменил заказ. Посмотрите новую версию выше и согласуйте её.';

const isGone = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.status === 410);

/** /s/:token — the client's page, no account: the design(s), the baker's note, approve or ask for changes. */
export function SharePage() {
  const { token = '' } = useParams();
  const share = useQuery({ queryKey: keys.publicShare(token), queryFn: () => api.getPublicShare(token), retry: false });
  useEffect(() => {
    document.title = 'Эскиз торта — Тортоделова';
  }, []);

  return (
    <AnnouncerProvider>
      <div className="client">
        <header className="client__header">
          <span className="brand">
            <CakeIcon size={28} />
            <span className="brand__name">Тортоделова</span>
          </span>
        </header>
        <main className="client__main" id="main">
          {share.isPending ? (
            <Spinner />
          ) : share.isError ? (
            isGone(share.error) ? (
              <Gone />
            ) : (
              <Alert title="Не удалось открыть эскиз">{messageOf(share.error)}</Alert>
            )
          ) : (
            <ShareContent token={token} share={share.data} />
          )}
        </main>
      </div>
    </AnnouncerProvider>
  );
}

function Gone() {
  return (
    <div className="client__gone" data-testid="share-gone">
      <h1 className="client__title">{GONE_MESSAGE}</h1>
      <p className="muted">Срок ссылки истёк или кондитер её отозвал. Попросите прислать новую.</p>
    </div>
  );
}

function ShareContent({ token, share }: { token: string; share: PublicShareOut }) {
  const many = share.designs.length > 1;
  const [chosen, setChosen] = useState<string | null>(many ? null : (share.designs[0]?.id ?? null));
  const [comment, setComment] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ choice?: string; comment?: string; name?: string } & ContactErrors>({});
  // On a link with an order (issue 23): the client's phone and the consent to process it.
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const queryClient = useQueryClient();
  const quote = share.quote ?? null;
  const send = useMutation({
    mutationFn: (input: FeedbackIn) => api.sendFeedback(token, input),
    // 409: the baker changed (or the expiry ended) the order shown: read the link again.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: keys.publicShare(token) });
    },
  });
  useAnnounce(send.isSuccess ? 'Спасибо! Ответ отправлен кондитеру' : null);

  if (share.designs.length === 0) return <Gone />;
  if (send.isError && isGone(send.error)) return <Gone />;

  function decide(decision: Decision) {
    const found = {
      choice: many && !chosen ? 'Выберите вариант, о котором ваш ответ.' : undefined,
      comment: validateOptionalText(comment, LIMITS.feedbackComment.max, 'Комментарий') ?? undefined,
      name:
        validateOptionalText(name, LIMITS.feedbackName.max, 'Имя') ??
        (quote && decision === 'approved' && !name.trim() ? 'Укажите имя: кондитер запишет заказ на него.' : undefined),
      ...checkContact(phone, consent),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const order = quote ? { quote_version: quote.version, phone: phone.trim() || null, consent } : {};
    send.mutate({ decision, comment: comment.trim() || null, name: name.trim() || null, generation_id: many ? chosen : null, ...order });
  }

  if (send.isSuccess) {
    return (
      <div className="client__thanks" data-testid="share-thanks">
        <span className="client__thanks-icon" aria-hidden="true">
          {send.data.decision === 'approved' ? '✓' : '✎'}
        </span>
        <h1 className="client__title">Спасибо! Ответ отправлен</h1>
        <p>
          Ваш ответ: <strong>{DECISION_LABELS[send.data.decision]}</strong>
          {send.data.quote_version ? ` (заказ, версия ${send.data.quote_version})` : ''}. Кондитер увидит его сразу.
        </p>
        <button type="button" className="btn btn--ghost" onClick={() => send.reset()}>
          Изменить ответ
        </button>
      </div>
    );
  }

  const sendError = send.isError
    ? send.error instanceof ApiError && send.error.status === 429
      ? TOO_MANY_MESSAGE
      : send.error instanceof ApiError && send.error.problem?.type === 'urn:tortodelova:problem:quote_outdated'
        ? ORDER_CHANGED_MESSAGE
        : messageOf(send.error)
    : null;
  const expired = quote?.status === 'expired';

  return (
    <article className="client__content">
      <h1 className="client__title">{many ? 'Эскизы торта' : 'Эскиз торта'}</h1>
      {share.note ? (
        <section className="client__note" aria-label="Заметка кондитера">
          <h2 className="client__note-title">Заметка кондитера</h2>
          <p className="client__note-text">{share.note}</p>
        </section>
      ) : null}
      {many ? (
        <fieldset className="client__variants" aria-describedby={errors.choice ? 'choice-error' : undefined}>
          <legend className="client__legend">Выберите вариант</legend>
          <div className="client__grid">
            {share.designs.map((design, index) => (
              <label key={design.id} className={`client__variant${chosen === design.id ? ' client__variant--chosen' : ''}`}>
                <img className="client__image" src={design.image_url} alt={`Вариант ${index + 1}: ${design.prompt_ru}`} width={design.width} height={design.height} />
                <span className="client__variant-name">
                  <input type="radio" name="variant" value={design.id} checked={chosen === design.id} onChange={() => setChosen(design.id)} />
                  Вариант {index + 1}
                </span>
              </label>
            ))}
          </div>
          {errors.choice ? (
            <p className="field__error" id="choice-error" role="alert">
              {errors.choice}
            </p>
          ) : null}
          <p className="client__description">{share.designs[0].prompt_ru}</p>
        </fieldset>
      ) : (
        <figure className="client__single">
          <img
            className="client__image"
            src={share.designs[0].image_url}
            alt={`Эскиз торта: ${share.designs[0].prompt_ru}`}
            width={share.designs[0].width}
            height={share.designs[0].height}
          />
          <figcaption className="client__description">{share.designs[0].prompt_ru}</figcaption>
        </figure>
      )}
      {quote ? <OrderCard quote={quote} bakery={share.bakery} /> : null}
      <form className="client__form" onSubmit={(event) => event.preventDefault()} noValidate>
        <Field label="Комментарий" hint="Необязательно: что понравилось или что поменять." error={errors.comment}>
          <textarea className="input textarea" name="comment" rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
        </Field>
        <Field label="Ваше имя" hint={quote ? 'Нужно, чтобы согласовать заказ.' : 'Необязательно.'} error={errors.name}>
          <input className="input" name="name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
        {quote ? <ClientContact phone={phone} consent={consent} errors={errors} onPhone={setPhone} onConsent={setConsent} /> : null}
        {sendError ? <Alert title="Ответ не отправлен">{sendError}</Alert> : null}
        <div className="client__actions">
          <button type="button" className="btn btn--primary btn--lg" disabled={send.isPending || expired} onClick={() => decide('approved')}>
            Согласовать
          </button>
          <button type="button" className="btn btn--secondary btn--lg" disabled={send.isPending} onClick={() => decide('changes_requested')}>
            Нужны правки
          </button>
        </div>
      </form>
      <p className="muted client__expires">Ссылка действует до {formatDate(share.expires_at)}</p>
    </article>
  );
}
