// What the keyboard can reach inside a container, in tab order (the app uses no positive tabindex).
const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The tabbable descendants of `root`; ones not rendered (display: none) are left out. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  // jsdom lays nothing out (every rect list is empty): there, every element counts as rendered.
  const laidOut = document.documentElement.getClientRects().length > 0;
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.tabIndex >= 0 && !el.closest('[inert]') && (!laidOut || el.getClientRects().length > 0),
  );
}
