import { useCallback, useEffect } from 'react';
import type { MonitorClient } from '@naija-monitor/client';
import { useMonitorStatus } from '@naija-monitor/client/react';
import { Dashboard } from './components/dashboard';
import type { MonitorConfig } from './config';
import { describeConnection } from './connection-label';
import { humanize } from './format';
import { useNow } from './use-now';

/** Props of {@link App}. */
export interface AppProps {
  /** A started client; the app only reads it and asks it to refresh. */
  client: MonitorClient;
  config: MonitorConfig;
}

/** Binds the live client to the pure {@link Dashboard}, with a one-second clock. */
export function App({ client, config }: AppProps) {
  const snapshot = useMonitorStatus(client);
  const nowMs = useNow(1000);
  const onRefresh = useCallback(() => client.refresh(), [client]);

  // The tab title tells an operator with another tab in front whether to look.
  const overall = snapshot.status?.overall_status;
  const { label } = describeConnection(
    snapshot.state,
    snapshot.transport,
    snapshot.attempt,
    snapshot.paused,
  );
  useEffect(() => {
    const health = overall ? humanize(overall) : label;
    document.title = `${health} · Pipeline Monitor`;
  }, [overall, label]);

  return (
    <Dashboard
      snapshot={snapshot}
      nowMs={nowMs}
      onRefresh={onRefresh}
      apiUrl={config.apiUrl}
      warnings={config.warnings}
    />
  );
}
