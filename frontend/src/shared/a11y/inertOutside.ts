/**
 * Makes every sibling of `keep` under <body> inert (unfocusable, unclickable, hidden from assistive
 * technology) and returns the undo. Siblings that were inert already stay so after the undo, so
 * nested dialogs restore each other's state in order.
 */
export function inertOutside(keep: HTMLElement): () => void {
  const changed: Element[] = [];
  for (const child of Array.from(document.body.children)) {
    if (child === keep || child.hasAttribute('inert') || child.tagName === 'SCRIPT') continue;
    child.setAttribute('inert', '');
    changed.push(child);
  }
  return () => {
    for (const child of changed) child.removeAttribute('inert');
  };
}
