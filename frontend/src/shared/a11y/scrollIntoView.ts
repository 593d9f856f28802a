/** Scrolls `element` to the top of the view: smoothly, or at once when the user asked for reduced motion. */
export function bringIntoView(element: Element | null | undefined): void {
  const reduced = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  element?.scrollIntoView?.({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
}
