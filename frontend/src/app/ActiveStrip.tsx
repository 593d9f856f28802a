import { Link } from 'react-router';
import type { Generation } from '../api/models';
import { useActiveGenerations } from '../shared/generation/activeGenerations';
import { generationLink, groupVariants } from '../shared/generation/links';
import { progressPercent } from '../shared/generation/GenerationProgress';
import { formatVariants } from '../shared/lib/format';
import './activeStrip.css';

const SHOWN = 3;

/** How far a submit has come: «в очереди» until any of its variants starts, else the mean percent. */
function percentOf(group: Generation[]): number {
  const sum = group.reduce((total, g) => total + (g.status === 'pending' ? 0 : progressPercent(g.status, g.progress)), 0);
  return Math.round(sum / group.length);
}

function stateText(group: Generation[]): string {
  return group.every((g) => g.status === 'pending') ? 'в очереди' : `${percentOf(group)}%`;
}

/**
 * «В работе»: the user's running generations on every page, each a link to where its progress is
 * shown. A generation the current page already follows is left out; nothing running, no strip.
 */
export function ActiveStrip() {
  const { items, watched } = useActiveGenerations();
  // The variants of one submit are one entry: one link opens them side by side.
  const shown = groupVariants(items.filter((g) => !watched.has(g.id)));
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
          {shown.slice(0, SHOWN).map((group) => {
            const [first] = group;
            const count = group.length > 1 ? formatVariants(group.length) : '';
            return (
              <li key={first.id} className="active-strip__entry">
                <Link className="active-strip__item" to={generationLink(first, group.map((g) => g.id))} data-testid="active-strip-item">
                  <span className="active-strip__prompt">{first.prompt_ru}</span>
                  {/* «×2» fits a phone; a screen reader hears it in words (a no-break space survives trimming) */}
                  {count ? <span className="visually-hidden">{`\u00a0(${count})`}</span> : null}
                  <span className="active-strip__state">
                    {count ? <span aria-hidden="true">×{group.length} · </span> : null}
                    {stateText(group)}
                  </span>
                  <span className="active-strip__bar" aria-hidden="true">
                    <span className="active-strip__fill" style={{ width: `${percentOf(group)}%` }} />
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
