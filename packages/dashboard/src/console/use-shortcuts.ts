import { useEffect, useRef } from 'react';

/** What the keyboard shortcuts do. */
export interface ShortcutHandlers {
  refresh: () => void;
  focusFilter: () => void;
  escape: () => void;
  help: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement &&
      !['button', 'checkbox', 'radio', 'range', 'submit'].includes(target.type))
  );
}

/**
 * `r` refresh, `/` source filter, `Esc` back to live (dialogs handle their own Esc first),
 * `?` the list. Keys typed into a field stay there; modified keys belong to the browser.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape') {
        latest.current.escape();
        return;
      }
      if (typingIn(event.target)) return;
      const action =
        event.key === 'r'
          ? latest.current.refresh
          : event.key === '/'
            ? latest.current.focusFilter
            : event.key === '?'
              ? latest.current.help
              : null;
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
