import { useId, useState } from 'react';

/** Past this many characters a text shows its first lines, with «Показать полностью». */
export const FOLD_AFTER = 280;

/** A description shown whole; a long one starts folded to a few lines and unfolds in place (no scroll box). */
export function LongText({ text, lang }: { text: string; lang?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (text.length <= FOLD_AFTER) return <span lang={lang}>{text}</span>;
  return (
    <>
      <span id={id} lang={lang} className={`long-text${open ? '' : ' long-text--folded'}`} data-testid="long-text">
        {text}
      </span>
      <button type="button" className="link-button long-text__toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen((v) => !v)}>
        {open ? 'Свернуть' : 'Показать полностью'}
      </button>
    </>
  );
}
