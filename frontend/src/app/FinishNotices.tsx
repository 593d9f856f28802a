import { useEffect, useRef, useState, type RefObject } from 'react';
import { Link } from 'react-router';
import type { Generation } from '../api/models';
import { useAnnounce } from '../shared/a11y/announcer';
import { useActiveGenerations, type FinishNotice } from '../shared/generation/activeGenerations';
import { generationLink } from '../shared/generation/links';
import { formatVariants, plural } from '../shared/lib/format';
import { PHONE_QUERY, useMediaQuery } from '../shared/lib/useMediaQuery';
import './activeStrip.css';

/** What finished: one design, or a submit's variants (some of which may have failed). */
function noticeText(generations: Generation[]): string {
  const prompt = `«${generations[0].prompt_ru}»`;
  const total = generations.length;
  const done = generations.filter((g) => g.status === 'success').length;
  if (total === 1) return done ? `Дизайн готов: ${prompt}` : `Не получилось: ${prompt}. Кредиты не списаны.`;
  if (done === total) return `Готово ${formatVariants(total)}: ${prompt}`;
  if (!done) return `Не получилось ни одного варианта: ${prompt}. Кредиты не списаны.`;
  return `Готово ${done} из ${total} вариантов: ${prompt}. За остальные кредиты не списаны.`; // «из 3 вариантов»: at most 4
}

/** The rest, counted: «Готово ещё 2 дизайна». */
function restText(notices: FinishNotice[]): string {
  const done = notices.filter((n) => n.generations.some((g) => g.status === 'success')).length;
  const failed = notices.length - done;
  const parts = [];
  if (done) parts.push(`готово ещё ${done} ${plural(done, ['дизайн', 'дизайна', 'дизайнов'])}`);
  if (failed) parts.push(`не получилось ещё ${failed}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How long a notice stays in view before it leaves by itself (the live region has said it already). */
export const NOTICE_MS = 8_000;

/**
 * A visible notice (and a sentence in the polite live region) for each generation that finished while
 * no page followed it. The newest requests are shown (one on a phone, three elsewhere) and the rest
 * are counted, never dropped.
 */
export function FinishNotices() {
  const { notices, dismiss, dismissAll } = useActiveGenerations();
  const shown = useMediaQuery(PHONE_QUERY) ? 1 : 3;
  useAnnounce(notices[0] ? noticeText(notices[0].generations) : null);
  return <NoticeStack notices={notices} shown={shown} dismiss={dismiss} dismissAll={dismissAll} />;
}

interface NoticeStackProps {
  notices: FinishNotice[];
  shown: number;
  dismiss: (key: string) => void;
  dismissAll: () => void;
}

/**
 * The notices in the page's flow under the «В работе» strip, where the running request was shown:
 * they push the page down instead of lying over its controls. Each leaves NOTICE_MS after it came
 * into view, unless the pointer is over them or the focus is in them (then it waits until they leave).
 */
export function NoticeStack({ notices, shown, dismiss, dismissAll }: NoticeStackProps) {
  const box = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const inView = useInView(box, notices.length > 0);
  if (!notices.length) return null;
  const held = hovered || focused || !inView;
  const rest = notices.slice(shown);
  return (
    <div
      className="finish-notices"
      data-testid="finish-notices"
      ref={box}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => setFocused(event.currentTarget.contains(event.relatedTarget as Node | null))}
    >
      {notices.slice(0, shown).map(({ key, generations, ids }) => {
        const status = generations.some((g) => g.status === 'success') ? 'success' : 'failed';
        return (
          <div key={key} className={`finish-notice finish-notice--${status}`} data-testid="finish-notice" data-status={status}>
            <LeavesAfter ms={NOTICE_MS} held={held} onLeave={() => dismiss(key)} />
            <p className="finish-notice__text">{noticeText(generations)}</p>
            <div className="finish-notice__actions">
              <Link className="btn btn--primary btn--sm" to={generationLink(generations[0], ids)} onClick={() => dismiss(key)}>
                Открыть
              </Link>
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => dismiss(key)}>
                Закрыть
              </button>
            </div>
          </div>
        );
      })}
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

/** Calls `onLeave` `ms` after it mounts, the clock stopped (and started again) while `held`. */
function LeavesAfter({ ms, held, onLeave }: { ms: number; held: boolean; onLeave: () => void }) {
  const leave = useRef(onLeave);
  useEffect(() => {
    leave.current = onLeave;
  }, [onLeave]);
  useEffect(() => {
    if (held) return;
    const timer = window.setTimeout(() => leave.current(), ms);
    return () => window.clearTimeout(timer);
  }, [held, ms]);
  return null;
}

/** Whether `target` is on screen (true where IntersectionObserver is missing); watched while `active`. */
function useInView(target: RefObject<Element | null>, active: boolean): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = target.current;
    if (!active || !element || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver(([entry]) => setInView(entry.isIntersecting));
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, active]);
  return inView;
}
