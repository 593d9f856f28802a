import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/errors';
import { LIMITS } from '../../api/limits';
import type { Generation, ShareOut } from '../../api/models';
import { useAnnounce } from '../../shared/a11y/announcer';
import { DECISION_LABELS, formatDate, plural } from '../../shared/lib/format';
import { validateOptionalText } from '../../shared/lib/validation';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { Modal } from '../../shared/ui/Modal';
import { QUOTE_STATUS_LABELS } from '../../shared/orders/format';
import { useBakery } from '../../shared/orders/hooks';
import { OrderFacts } from '../../shared/orders/OrderFacts';
import { useCreateShare, useRevokeShare, useShares } from './hooks';
import { NO_ORDER, orderToSend, ShareOrder, type OrderChoice } from './ShareOrder';

const SHARE_TEXT = 'Посмотрите эскиз торта и отметьте, подходит ли он';

/** Messenger share pages for browsers without navigator.share (most desktops). */
export function messengerLinks(url: string): { name: string; href: string }[] {
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(SHARE_TEXT);
  return [
    { name: 'Telegram', href: `https://t.me/share/url?url=${u}&text=${text}` },
    { name: 'WhatsApp', href: `https://wa.me/?text=${text}%20${u}` },
    { name: 'ВКонтакте', href: `https://vk.com/share.php?url=${u}` },
  ];
}

/** The validities offered (the API takes any whole number of days in LIMITS.shareDays). */
const VALIDITY_DAYS = [7, 14, 30] as const;
const days = (n: number) => `${n} ${plural(n, ['день', 'дня', 'дней'])}`;

const expired = (share: ShareOut, now: number) => new Date(share.expires_at).getTime() <= now;

function linkState(share: ShareOut, now: number): string {
  if (share.revoked) return 'Отозвана';
  if (expired(share, now)) return 'Срок истёк';
  return `Действует до ${formatDate(share.expires_at)}`;
}

/** «Отправить клиенту»: a link with a note and a validity, then copy / share it; the design's links below. */
export function ShareDialog({ design, onClose }: { design: Generation; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [validity, setValidity] = useState<number>(LIMITS.shareDays.default);
  // The description is the baker's working text: the client sees only the note unless she says so.
  const [showDescription, setShowDescription] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [order, setOrder] = useState<OrderChoice>(NO_ORDER);
  const bakery = useBakery();
  const create = useCreateShare(design.id);
  const created = create.data;
  useAnnounce(created ? 'Ссылка готова: скопируйте её или отправьте клиенту' : copied ? 'Ссылка скопирована' : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const error = validateOptionalText(note, LIMITS.shareNote.max, 'Заметка');
    setNoteError(error);
    const quote = orderToSend(order, bakery.data, setOrder);
    if (!error && quote !== undefined)
      create.mutate({ note: note.trim() || null, expires_in_days: validity, show_description: showDescription, ...(quote ? { quote } : {}) });
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (an insecure page): the field is selected so Ctrl+C copies it.
      (document.getElementById('share-url') as HTMLInputElement | null)?.select();
    }
  }

  const canShare = typeof navigator.share === 'function';

  return (
    <Modal title="Отправить клиенту" onClose={onClose} testId="share-dialog">
      {design.group_id ? <p className="muted share__group">Клиент увидит все готовые варианты этой серии и выберет один.</p> : null}
      {created ? (
        <div className="share__result" data-testid="share-result">
          {created.quote ? (
            <section className="share__quote" aria-label="Заказ" data-testid="share-quote">
              <h3 className="share__list-title">Заказ, версия {created.quote.version}</h3>
              <OrderFacts quote={created.quote} />
            </section>
          ) : null}
          <Field label="Ссылка для клиента" hint="Клиент откроет её без регистрации.">
            <input id="share-url" className="input" readOnly value={created.url} onFocus={(event) => event.currentTarget.select()} />
          </Field>
          <div className="share__actions">
            <button type="button" className="btn btn--primary" onClick={() => void copy(created.url)}>
              {copied ? 'Скопировано ✓' : 'Скопировать ссылку'}
            </button>
            {canShare ? (
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() => void navigator.share({ title: 'Эскиз торта', text: SHARE_TEXT, url: created.url }).catch(() => undefined)}
              >
                Поделиться
              </button>
            ) : (
              messengerLinks(created.url).map((link) => (
                <a key={link.name} className="btn btn--ghost btn--sm" href={link.href} target="_blank" rel="noopener noreferrer">
                  {link.name}
                </a>
              ))
            )}
          </div>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => { create.reset(); setCopied(false); setNote(''); setOrder(NO_ORDER); }}>
            Создать ещё одну ссылку
          </button>
        </div>
      ) : (
        <form className="share__form" onSubmit={submit} noValidate>
          <Field
            label="Заметка для клиента"
            hint="Например, цена и дата готовности. Необязательно."
            error={noteError}
            aside={`${note.length} / ${LIMITS.shareNote.max}`}
          >
            <textarea className="input textarea" name="note" rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
          </Field>
          <label className="checkbox share__description">
            <input type="checkbox" checked={showDescription} onChange={(event) => setShowDescription(event.target.checked)} />
            <span>
              Показать клиенту описание дизайна
              <small className="field__hint">Без галочки клиент увидит только эскиз и вашу заметку.</small>
            </span>
          </label>
          <fieldset className="share__validity">
            <legend className="field__label">Ссылка действует</legend>
            <div className="share__options">
              {VALIDITY_DAYS.map((n) => (
                <label key={n} className={`chip share__option${validity === n ? ' chip--active' : ''}`}>
                  {/* the chip itself shows the choice (and the keyboard focus): no radio dot inside it */}
                  <input type="radio" name="validity" value={n} checked={validity === n} onChange={() => setValidity(n)} className="visually-hidden" />
                  {days(n)}
                </label>
              ))}
            </div>
          </fieldset>
          <ShareOrder bakery={bakery.data} choice={order} onChange={setOrder} />
          {create.isError ? <Alert title="Не удалось создать ссылку">{messageOf(create.error)}</Alert> : null}
          <button type="submit" className="btn btn--primary" aria-disabled={create.isPending || undefined} disabled={create.isPending}>
            {create.isPending ? 'Создаём…' : 'Создать ссылку'}
          </button>
        </form>
      )}
      <ShareList design={design} />
    </Modal>
  );
}

function ShareList({ design }: { design: Generation }) {
  const shares = useShares(design.id);
  const revoke = useRevokeShare(design.id);
  // The moment the list was opened: a link that expires while it is open is refused by the server anyway.
  const [now] = useState(() => Date.now());
  const items = shares.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="share__list" aria-labelledby="share-list-title">
      <h3 id="share-list-title" className="share__list-title">
        Ссылки на этот дизайн
      </h3>
      <ul className="share__items" data-testid="share-list">
        {items.map((share) => {
          const alive = !share.revoked && !expired(share, now);
          return (
            <li key={share.token} className="share__item" data-testid="share-item">
              <div className="share__item-text">
                <span className="share__item-state">{linkState(share, now)}</span>
                {share.note ? <span className="share__item-note">{share.note}</span> : null}
                <span className="muted">
                  Создана {formatDate(share.created_at)}
                  {share.last_decision ? ` · ${DECISION_LABELS[share.last_decision]}` : ''}
                  {share.quote ? ` · заказ: ${QUOTE_STATUS_LABELS[share.quote.status].toLowerCase()}` : ''}
                </span>
              </div>
              {alive ? (
                <button
                  type="button"
                  className="btn btn--ghost btn--sm"
                  onClick={() => revoke.mutate(share.token)}
                  disabled={revoke.isPending && revoke.variables === share.token}
                  aria-label={`Отозвать ссылку от ${formatDate(share.created_at)}`}
                >
                  Отозвать
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {revoke.isError ? <Alert title="Не удалось отозвать ссылку">{messageOf(revoke.error)}</Alert> : null}
    </section>
  );
}
