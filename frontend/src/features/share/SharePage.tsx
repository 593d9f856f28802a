import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import * as api from '../../api/endpoints';
import { ApiError, messageOf } from '../../api/errors';
import type { FeedbackIn, FeedbackOut, PublicShareOut } from '../../api/models';
import { keys } from '../../api/queryKeys';
import { AnnouncerProvider, useAnnounce } from '../../shared/a11y/announcer';
import { formatDate } from '../../shared/lib/format';
import { Alert } from '../../shared/ui/Alert';
import { CakeIcon } from '../../shared/ui/Logo';
import { Spinner } from '../../shared/ui/States';
import { AnswerForm } from './AnswerForm';
import { recallAnswer, rememberAnswer } from './answerMemory';
import { GivenAnswer } from './GivenAnswer';
import { OrderCard } from './OrderCard';
import './share.css';

export const GONE_MESSAGE = 'Ссылка больше не действует';
export const TOO_MANY_MESSAGE = 'Слишком много отзывов, попробуйте позже';
export const ORDER_CHANGED_MESSAGE = 'Кондитер только что изменил заказ. Посмотрите новую версию выше и согласуйте её.';

export const isGone = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.status === 410);

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

/** The designs, the note, then either the answer this device gave («Изменить ответ») or the form. */
function ShareContent({ token, share }: { token: string; share: PublicShareOut }) {
  const many = share.designs.length > 1;
  const [answer, setAnswer] = useState<FeedbackOut | null>(() => recallAnswer(token));
  const [editing, setEditing] = useState(false);
  const [justSent, setJustSent] = useState(false);
  const [chosen, setChosen] = useState<string | null>(() => (many ? (answer?.generation_id ?? null) : (share.designs[0]?.id ?? null)));
  const queryClient = useQueryClient();
  const quote = share.quote ?? null;
  const send = useMutation({
    mutationFn: (input: FeedbackIn) => api.sendFeedback(token, input),
    // 409: the baker changed (or the expiry ended) the order shown: read the link again.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: keys.publicShare(token) });
    },
    onSuccess: (feedback) => {
      rememberAnswer(token, feedback);
      setAnswer(feedback);
      setEditing(false);
      setJustSent(true);
    },
  });
  useAnnounce(justSent ? 'Спасибо! Ответ отправлен кондитеру' : null);

  // The panel of the answer takes the focus after sending: the form that had it is gone.
  const answerPanel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (justSent && !editing) answerPanel.current?.focus();
  }, [justSent, editing, answer]);

  if (share.designs.length === 0) return <Gone />;
  if (send.isError && isGone(send.error)) return <Gone />;

  const answering = !answer || editing;
  const variantName = (id: string | null) => {
    const index = share.designs.findIndex((d) => d.id === id);
    return many && index >= 0 ? `Вариант ${index + 1}` : null;
  };
  const marked = answering ? chosen : (answer?.generation_id ?? null);
  const description = share.designs[0].prompt_ru;
  const sendError = send.isError
    ? send.error instanceof ApiError && send.error.status === 429
      ? TOO_MANY_MESSAGE
      : send.error instanceof ApiError && send.error.problem?.type === 'urn:tortodelova:problem:quote_outdated'
        ? ORDER_CHANGED_MESSAGE
        : messageOf(send.error)
    : null;

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
        <fieldset className="client__variants" aria-describedby={answering ? 'choice-error' : undefined} disabled={!answering}>
          <legend className="client__legend">{answering ? 'Выберите вариант' : 'Варианты'}</legend>
          <div className="client__grid">
            {share.designs.map((design, index) => (
              <label key={design.id} className={`client__variant${marked === design.id ? ' client__variant--chosen' : ''}`}>
                <img className="client__image" src={design.image_url} alt={`Вариант ${index + 1}${design.prompt_ru ? `: ${design.prompt_ru}` : ''}`} width={design.width} height={design.height} />
                <span className="client__variant-name">
                  <input type="radio" name="variant" value={design.id} checked={marked === design.id} onChange={() => setChosen(design.id)} />
                  Вариант {index + 1}
                </span>
              </label>
            ))}
          </div>
          {description ? <p className="client__description">{description}</p> : null}
        </fieldset>
      ) : (
        <figure className="client__single">
          <img
            className="client__image"
            src={share.designs[0].image_url}
            alt={description ? `Эскиз торта: ${description}` : 'Эскиз торта'}
            width={share.designs[0].width}
            height={share.designs[0].height}
          />
          {description ? <figcaption className="client__description">{description}</figcaption> : null}
        </figure>
      )}
      {quote ? <OrderCard quote={quote} bakery={share.bakery} /> : null}
      {answering ? (
        <AnswerForm
          key={answer?.id ?? 'first'}
          initial={answer}
          needsChoice={many && !chosen}
          sending={send.isPending}
          quote={quote}
          serverErrors={send.error instanceof ApiError ? send.error.fieldErrors : {}}
          sendError={sendError}
          onSend={(input) => send.mutate({ ...input, generation_id: many ? chosen : null })}
          onCancel={answer ? () => setEditing(false) : undefined}
        />
      ) : (
        <GivenAnswer
          answer={answer}
          variant={variantName(answer.generation_id)}
          justSent={justSent}
          ref={answerPanel}
          onChange={() => {
            send.reset();
            setJustSent(false);
            setEditing(true);
          }}
        />
      )}
      <p className="muted client__expires">Ссылка действует до {formatDate(share.expires_at)}</p>
    </article>
  );
}
