import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { inertOutside } from '../a11y/inertOutside';
import { tabbables } from '../a11y/focusable';
import './Modal.css';

interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** The whole screen (a picture to zoom), no margins. */
  fullscreen?: boolean;
  testId?: string;
}

/**
 * A modal dialog (WAI-ARIA dialog pattern): focus moves in, Tab and Shift+Tab stay inside, the rest
 * of the page is inert while it is open, Escape and the backdrop close it, focus returns to the opener.
 */
export function Modal({ title, onClose, children, footer, wide, fullscreen, testId }: ModalProps) {
  const titleId = useId();
  const overlay = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const restore = overlay.current ? inertOutside(overlay.current) : () => {};
    panel.current?.focus();
    const onKey = (event: globalThis.KeyboardEvent) => {
      // Escape closes only the topmost dialog (a confirmation over the design view, not both).
      const open = document.querySelectorAll('.modal');
      if (event.key === 'Escape' && open[open.length - 1] === overlay.current) closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    document.body.classList.add('modal-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      // The dialog underneath (if any) keeps the page locked. React 19 runs this after the closing
      // dialog has left the DOM, so only the dialogs still open are counted.
      if (document.querySelectorAll('.modal').length === 0) document.body.classList.remove('modal-open');
      restore();
      previous?.focus?.();
    };
  }, []);

  // Wraps Tab at both ends, so focus never leaves for the browser's toolbar either.
  function trapTab(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Tab' || !panel.current) return;
    const items = tabbables(panel.current);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === panel.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className={`modal${fullscreen ? ' modal--full' : ''}`} ref={overlay} onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        className={`modal__panel${wide ? ' modal__panel--wide' : ''}${fullscreen ? ' modal__panel--full' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        ref={panel}
        onKeyDown={trapTab}
        data-testid={testId}
      >
        {/* divs, not <header>/<footer>: inside a dialog those would be extra page landmarks */}
        <div className="modal__header">
          <h2 id={titleId} className="modal__title">
            {title}
          </h2>
          <button type="button" className="modal__close" onClick={onClose} aria-label="Закрыть">
            ×
          </button>
        </div>
        <div className="modal__body">{children}</div>
        {footer ? <div className="modal__footer">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}
