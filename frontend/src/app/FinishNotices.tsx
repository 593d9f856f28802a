import { Link } from 'react-router';
import type { Generation } from '../api/models';
import { useAnnounce } from '../shared/a11y/announcer';
import { useActiveGenerations } from '../shared/generation/activeGenerations';
import { generationLink } from '../shared/generation/links';
import { plural } from '../shared/lib/format';
import { PHONE_QUERY, useMediaQuery } from '../shared/lib/useMediaQuery';
import './activeStrip.css';

function noticeText(generation: Generation): string {
  return generation.status === 'success'
    ? `Дизайн готов: «${generation.prompt_ru}»`
    : `Не получилось: «${generation.prompt_ru}». Кредиты не списаны.`;
}

/** The rest, counted: «Готово ещё 2 дизайна». */
function restText(notices: { generation: Generation }[]): string {
  const done = notices.filter((n) => n.generation.status === 'success').length;
  const failed = notices.length - done;
  const parts = [];
  if (done) parts.push(`готово ещё ${done} ${plural(done, ['дизайн', 'дизайна', 'дизайнов'])}`);
  if (failed) parts.push(`не получилось ещё ${failed}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A visible notice (and a sentence in the polite live region) for each generation that finished while
 * no page followed it; it stays until closed or opened. The newest requests are shown (one on a phone,
 * where the notices sit over the page, three elsewhere) and the rest are counted, never dropped.
 */
export function FinishNotices() {
  const { notices, dismiss, dismissAll } = useActiveGenerations();
  const shown = useMediaQuery(PHONE_QUERY) ? 1 : 3;
  useAnnounce(notices[0] ? noticeText(notices[0].generation) : null);
  if (!notices.length) return null;
  const rest = notices.slice(shown);
  return (
    <div className="finish-notices" data-testid="finish-notices">
      {notices.slice(0, shown).map(({ generation }) => (
        <div
          key={generation.id}
          className={`finish-notice finish-notice--${generation.status}`}
          data-testid="finish-notice"
          data-status={generation.status}
        >
          <p className="finish-notice__text">{noticeText(generation)}</p>
          <div className="finish-notice__actions">
            <Link className="btn btn--primary btn--sm" to={generationLink(generation)} onClick={() => dismiss(generation.id)}>
              Открыть
            </Link>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => dismiss(generation.id)}>
              Закрыть
            </button>
          </div>
        </div>
      ))}
      {rest.length ? (
        <div className="finish-notice finish-notice--rest" data-testid="finish-notices-rest">
          <p className="finish-notice__text">{restText(rest)}</p>
          <div className="finish-notice__actions">
            <Link className="btn btn--primary btn--sm" to="/gallery" onClick={dismissAll}>
              Мои дизайны
            </Link>
            <button type="button" className="btn btn--ghost btn--sm" onClick={dismissAll}>
              Закрыть все
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
