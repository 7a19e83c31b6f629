import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from '../console/session-store';
import { RangeControl } from './range-control';
import { ThemeToggle } from './theme-toggle';

afterEach(() => {
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
});

describe('ThemeToggle', () => {
  it('follows the OS until pressed, then sets data-theme on <html> and remembers it', () => {
    render(<ThemeToggle />);
    expect(document.documentElement.dataset.theme).toBeUndefined();
    const button = screen.getByRole('button');
    const before = button.textContent;
    fireEvent.click(button);
    const chosen = document.documentElement.dataset.theme;
    expect(chosen === 'light' || chosen === 'dark').toBe(true);
    expect(window.localStorage.getItem(STORAGE_KEYS.theme)).toBe(chosen);
    expect(button.textContent).not.toBe(before);
  });
});

describe('RangeControl', () => {
  it('marks the chosen range and reports a new one', () => {
    const picked: string[] = [];
    render(<RangeControl value="24h" onChange={(range) => picked.push(range)} />);
    expect(screen.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '7 d' }));
    expect(picked).toEqual(['7d']);
  });
});
