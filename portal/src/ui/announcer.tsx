import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

const Announce = createContext<(message: string) => void>(() => undefined);

/**
 * One polite live region for the whole portal. Messages said from a part of a page that is about
 * to disappear (an upload slot once its file is received, a task once completed) must outlive it,
 * and a live region is only read reliably when it was on the page before its text changed.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; serial: number }>({ text: '', serial: 0 });
  // The serial re-keys the text node, so the same words said twice (two files alike) are read twice.
  const announce = useCallback((text: string) => setMessage((m) => ({ text, serial: m.serial + 1 })), []);
  return (
    <Announce.Provider value={announce}>
      {children}
      <div id="announcer" className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        <span key={message.serial}>{message.text}</span>
      </div>
    </Announce.Provider>
  );
}

/** Says a message to screen-reader users without moving their focus. */
export function useAnnounce(): (message: string) => void {
  return useContext(Announce);
}
