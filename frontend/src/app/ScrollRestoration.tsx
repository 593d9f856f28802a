import { useEffect, useLayoutEffect, useRef } from 'react';
import { useLocation, useNavigationType } from 'react-router';

const STORAGE_KEY = 'tortodelova.scroll';
const MAX_ENTRIES = 100;
// A page restored with Back may still be loading (its list, its pictures): keep trying a while.
const RESTORE_FOR_MS = 1_500;

/**
 * The page a location shows. A design's address (/designs/:id) opens over the gallery, the gallery
 * stays underneath: moving between them is not a new page and keeps the gallery where it was.
 */
export function pageOf(pathname: string): string {
  return /^\/designs\/[^/]+\/?$/.test(pathname) ? '/gallery' : pathname.replace(/\/+$/, '') || '/';
}

function readPositions(): Map<string, number> {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Map(Array.isArray(saved) ? (saved.filter((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') as [string, number][]) : []);
  } catch {
    return new Map();
  }
}

function savePositions(positions: Map<string, number>): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...positions].slice(-MAX_ENTRIES)));
  } catch {
    // no storage: Back still restores within this page load
  }
}

/** Scrolls to `top`, again on the next frames until the page is tall enough or the user scrolls. */
function restore(top: number): () => void {
  let frame = 0;
  const started = performance.now();
  const stop = () => {
    cancelAnimationFrame(frame);
    for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) window.removeEventListener(type, stop);
  };
  for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) window.addEventListener(type, stop, { passive: true });
  const attempt = () => {
    window.scrollTo(0, top);
    if (Math.abs(window.scrollY - top) <= 1 || performance.now() - started > RESTORE_FOR_MS) stop();
    else frame = requestAnimationFrame(attempt);
  };
  attempt();
  return stop;
}

/**
 * Every navigation to a new page starts at its top; Back and Forward (and a reload) come back to
 * where the user was on that entry. The browser's own restoration is off: it would restore before
 * the SPA has drawn the page. Positions are kept per history entry (react-router's location key),
 * in sessionStorage so a reload keeps them too.
 */
export function ScrollRestoration() {
  const location = useLocation();
  const navigationType = useNavigationType();
  const positions = useRef<Map<string, number> | null>(null);
  const shown = useRef<{ key: string; page: string } | null>(null);
  const stopRestoring = useRef<() => void>(() => {});

  useEffect(() => {
    positions.current ??= readPositions();
    const previous = window.history.scrollRestoration;
    window.history.scrollRestoration = 'manual';
    // Recorded as the user scrolls, for the entry on screen (a page swap that shortens the document
    // scrolls it too, but by then the new entry is the one on screen).
    const onScroll = () => {
      if (shown.current) positions.current?.set(shown.current.key, window.scrollY);
    };
    const onHide = () => positions.current && savePositions(positions.current);
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('pagehide', onHide);
      window.history.scrollRestoration = previous;
    };
  }, []);

  useLayoutEffect(() => {
    const saved = (positions.current ??= readPositions());
    const page = pageOf(location.pathname);
    const before = shown.current;
    shown.current = { key: location.key, page };
    stopRestoring.current();
    if (before && before.page === page) {
      // The same page under a new entry (a design opened over the gallery, a filter, the picture
      // full-screen): it stays where it is, and Back to this entry finds it there.
      if (!saved.has(location.key)) saved.set(location.key, saved.get(before.key) ?? window.scrollY);
      return;
    }
    if (navigationType === 'POP') {
      // Back, Forward, a reload: where this entry was left (the top if it never scrolled)
      stopRestoring.current = restore(saved.get(location.key) ?? 0);
    } else {
      window.scrollTo(0, 0);
    }
  }, [location.key, location.pathname, navigationType]);

  useEffect(() => () => stopRestoring.current(), []);
  return null;
}
