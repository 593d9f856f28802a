import { Link } from 'react-router';
import type { Generation } from '../api/models';
import { useActiveGenerations } from '../shared/generation/activeGenerations';
import { generationLink } from '../shared/generation/links';
import { progressPercent } from '../shared/generation/GenerationProgress';
import './activeStrip.css';

const SHOWN = 3;

function stateText(generation: Generation): string {
  if (generation.status === 'pending') return 'в очереди';
  return `${progressPercent(generation.status, generation.progress)}%`;
}

/**
 * «В работе»: the user's running generations on every page, each a link to where its progress is
 * shown. A generation the current page already follows is left out; nothing running, no strip.
 */
export function ActiveStrip() {
  const { items, watched } = useActiveGenerations();
  const shown = items.filter((g) => !watched.has(g.id));
  if (!shown.length) return null;
  const more = shown.length - SHOWN;
  return (
    <section className="active-strip" aria-label="В работе" data-testid="active-strip">
      <div className="active-strip__inner">
        <span className="active-strip__title">
          <span className="active-strip__dot" aria-hidden="true" />
          В работе: {shown.length}
        </span>
        <ul className="active-strip__list">
          {shown.slice(0, SHOWN).map((g) => {
            const percent = g.status === 'pending' ? 0 : progressPercent(g.status, g.progress);
            return (
              <li key={g.id} className="active-strip__entry">
                <Link className="active-strip__item" to={generationLink(g)} data-testid="active-strip-item">
                  <span className="active-strip__prompt">{g.prompt_ru}</span>
                  <span className="active-strip__state">{stateText(g)}</span>
                  <span className="active-strip__bar" aria-hidden="true">
                    <span className="active-strip__fill" style={{ width: `${percent}%` }} />
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
        {more > 0 ? <span className="active-strip__more">и ещё {more}</span> : null}
      </div>
    </section>
  );
}
