import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '@naija-monitor/protocol';
import type { NotifyPermission } from '../components/notify-button';

const STORAGE_KEY = 'naija-monitor.notify';

function permissionNow(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Ids of the alerts firing in a document. */
export function firingIds(alerts: readonly Alert[] | null | undefined): Set<string> {
  return new Set(
    (alerts ?? []).filter((alert) => (alert.state ?? 'firing') === 'firing').map((a) => a.id),
  );
}

/**
 * Opt-in browser notifications: once enabled (and permitted), each alert that starts firing
 * in the live document raises one notification. Alerts already firing when the page opened
 * or when notifications were switched on are not announced.
 */
export function useFiringNotifications(alerts: readonly Alert[] | null | undefined) {
  const [permission, setPermission] = useState<NotifyPermission>(permissionNow);
  const [enabled, setEnabled] = useState(() => {
    try {
      return window.localStorage.getItem(STORAGE_KEY) === 'on';
    } catch {
      return false;
    }
  });
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (!alerts) return;
    const now = firingIds(alerts);
    const before = seen.current;
    seen.current = now;
    if (!before || !enabled || permissionNow() !== 'granted') return;
    for (const alert of alerts) {
      if (!now.has(alert.id) || before.has(alert.id)) continue;
      try {
        new Notification(`Alert firing: ${alert.title}`, { body: alert.message, tag: alert.id });
      } catch {
        // Some browsers allow notifications only from a service worker; the tab title still counts.
      }
    }
  }, [alerts, enabled]);

  const toggle = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    let granted = Notification.permission;
    if (!enabled && granted === 'default') granted = await Notification.requestPermission();
    setPermission(granted);
    const next = !enabled && granted === 'granted';
    setEnabled(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next ? 'on' : 'off');
    } catch {
      // Remembered for this page only.
    }
  }, [enabled]);

  return { permission, enabled, toggle };
}
