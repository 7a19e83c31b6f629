import { STORAGE_KEYS } from './console/session-store';

/** An explicit choice; without one the page follows the OS (`prefers-color-scheme`). */
export type Theme = 'light' | 'dark';

/** The operator's stored choice, or null to follow the OS. */
export function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEYS.theme);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

/** What is on screen now: the stored choice, else the OS preference. */
export function effectiveTheme(): Theme {
  const chosen = storedTheme();
  if (chosen) return chosen;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** Sets `data-theme` on `<html>` (the stylesheet keys on it) and remembers the choice. */
export function applyTheme(theme: Theme | null, remember = true): void {
  const root = document.documentElement;
  if (theme) root.dataset.theme = theme;
  else delete root.dataset.theme;
  if (!remember) return;
  try {
    if (theme) window.localStorage.setItem(STORAGE_KEYS.theme, theme);
    else window.localStorage.removeItem(STORAGE_KEYS.theme);
  } catch {
    // The choice holds for this page only.
  }
}
