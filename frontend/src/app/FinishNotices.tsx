import { Link } from 'react-router';
import type { Generation } from '../api/models';
import { useAnnounce } from '../shared/a11y/announcer';
import { useActiveGenerations } from '../shared/generation/activeGenerations';
import { generationLink } from '../shared/generation/links';
import './activeStrip.css';

function noticeText(generation: Generation): string {
  return generation.status === 'success'
    ? `Дизайн готов: «${generation.prompt_ru}»`
    : `Не получилось: «${generation.prompt_ru}». Кредиты не списаны.`;
}

/**
 * A visible notice (and a sentence in the polite live region) for each generation that finished while
 * no page followed it; it stays until closed or opened.
 */
export function FinishNotices() {
  const { notices, dismiss } = useActiveGenerations();
  useAnnounce(notices[0] ? noticeText(notices[0].generation) : null);
  if (!notices.length) return null;
  return (
    <div className="finish-notices" data-testid="finish-notices">
      {notices.map(({ generation }) => (
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
    </div>
  );
}
