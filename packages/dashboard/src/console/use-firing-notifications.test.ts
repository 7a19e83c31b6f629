import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '@naija-monitor/protocol';
import { useFiringNotifications } from './use-firing-notifications';

const alert = (id: string, state: Alert['state'] = 'firing'): Alert => ({
  id,
  type: 'rule',
  severity: 'high',
  title: `Alert ${id}`,
  message: 'm',
  timestamp: '2026-01-28T10:00:00.000Z',
  state,
});

/** The browser's Notification API as far as the hook uses it. */
function installNotification(permission: NotificationPermission) {
  const shown: string[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = 'granted';
      return 'granted' as NotificationPermission;
    });
    constructor(title: string) {
      shown.push(title);
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return shown;
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('useFiringNotifications', () => {
  it('asks once, then announces each alert that starts firing (not those already firing)', async () => {
    const shown = installNotification('default');
    const { result, rerender } = renderHook(({ alerts }) => useFiringNotifications(alerts), {
      initialProps: { alerts: [alert('old')] },
    });
    expect(result.current.enabled).toBe(false);
    await act(() => result.current.toggle());
    expect(result.current.enabled).toBe(true);
    expect(result.current.permission).toBe('granted');

    rerender({ alerts: [alert('old'), alert('new'), alert('waiting', 'pending')] });
    expect(shown).toEqual(['Alert firing: Alert new']);
    rerender({ alerts: [alert('old'), alert('new')] });
    expect(shown).toHaveLength(1);
  });

  it('stays quiet while switched off, and says when the browser blocks it', () => {
    const shown = installNotification('denied');
    const { result, rerender } = renderHook(({ alerts }) => useFiringNotifications(alerts), {
      initialProps: { alerts: [] as Alert[] },
    });
    rerender({ alerts: [alert('a')] });
    expect(shown).toEqual([]);
    expect(result.current.permission).toBe('denied');
  });
});
