import { useSyncExternalStore } from 'react';

/** Phones: the width below which pages lay out for one narrow column. */
export const PHONE_QUERY = '(max-width: 640px)';

/** Whether a CSS media query matches now, re-rendering when it changes (false where there is no matchMedia). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window.matchMedia !== 'function') return () => {};
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => typeof window.matchMedia === 'function' && window.matchMedia(query).matches,
  );
}
