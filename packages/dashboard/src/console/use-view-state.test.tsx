import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewTabs } from '../components/view-tabs';
import { useViewState } from './use-view-state';
import { withConsole } from '../test/console-fixtures';

afterEach(() => window.history.replaceState(null, '', '/'));

describe('useViewState', () => {
  it('reads the address, pushes changes into it, and follows Back', () => {
    window.history.replaceState(null, '', '/?api=https%3A%2F%2Fa.example&view=map&range=7d');
    const { result } = renderHook(() => useViewState());
    expect(result.current[0]).toMatchObject({ view: 'map', range: '7d' });

    act(() => result.current[1]({ state: 'Kano' }));
    expect(window.location.search).toBe(
      '?api=https%3A%2F%2Fa.example&view=map&range=7d&state=Kano',
    );
    act(() => result.current[1]({ at: '2026-01-28T03:12:00.000Z' }, 'replace'));
    expect(new URLSearchParams(window.location.search).get('at')).toBe('2026-01-28T03:12:00.000Z');

    act(() => {
      window.history.replaceState(null, '', '/?view=history');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(result.current[0]).toMatchObject({ view: 'history', state: null, at: null });
  });
});

describe('ViewTabs', () => {
  it('links each view and marks the current one; a click changes the view in place', () => {
    const changes: unknown[] = [];
    const { element } = withConsole(<ViewTabs current="overview" />, {
      context: { setView: (change) => changes.push(change) },
    });
    render(element);
    expect(screen.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe(
      'page',
    );
    const map = screen.getByRole('link', { name: 'Map' });
    expect(map.getAttribute('href')).toBe('?view=map');
    fireEvent.click(map);
    expect(changes).toEqual([{ view: 'map', range: '24h', source: null, state: null, at: null }]);
  });
});
