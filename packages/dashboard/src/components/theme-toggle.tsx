import { useState } from 'react';
import { applyTheme, effectiveTheme, type Theme } from '../theme';

/**
 * Light/dark switch. Follows the OS until pressed, then remembers the choice
 * (localStorage) and sets `data-theme` on `<html>`.
 */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => effectiveTheme());
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button button--quiet"
      title={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        setTheme(next);
      }}
    >
      <span className="toolbar__label">{theme === 'dark' ? 'Dark theme' : 'Light theme'}</span>
    </button>
  );
}
