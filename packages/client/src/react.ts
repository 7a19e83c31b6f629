import { useSyncExternalStore } from 'react';
import type { ClientSnapshot } from './snapshot';
import type { MonitorClient } from './client';

/**
 * The client's snapshot as React state: re-renders when it changes. The hook neither starts nor
 * closes the client; whoever created it owns its lifetime.
 */
export function useMonitorStatus(client: MonitorClient): ClientSnapshot {
  return useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
}
