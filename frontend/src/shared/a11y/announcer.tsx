import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

// Without a provider (a page rendered alone in a test) announcing does nothing.
const AnnounceContext = createContext<Announce>(() => {});

/** The app's one polite live region: what `useAnnounce` is given is read out by screen readers. */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const announce = useCallback<Announce>((text) => {
    // Emptied first and filled a moment later, so the same sentence twice is read out twice.
    setMessage('');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(text), 60);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

/** Announces `message` politely whenever it changes to a new non-empty text. */
export function useAnnounce(message: string | null | undefined): void {
  const announce = useContext(AnnounceContext);
  useEffect(() => {
    if (message) announce(message);
  }, [announce, message]);
}
