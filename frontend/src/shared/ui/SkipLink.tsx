import type { MouseEvent } from 'react';

/** The first stop of the page: jumps past the header to `#targetId` (which must take focus: tabIndex -1). */
export function SkipLink({ targetId, children = 'Перейти к содержимому' }: { targetId: string; children?: string }) {
  function skip(event: MouseEvent<HTMLAnchorElement>) {
    const target = document.getElementById(targetId);
    if (!target) return;
    // Focus, not only scroll: the next Tab continues from the main content. The URL keeps no #hash.
    event.preventDefault();
    target.focus();
    target.scrollIntoView?.({ block: 'start' });
  }
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={skip}>
      {children}
    </a>
  );
}
