import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MonitorClient } from '@naija-monitor/client';
import { useMonitorStatus } from '@naija-monitor/client/react';
import { ConsoleApi } from './console/api';
import { ConsoleContext, type ConsoleContextValue } from './console/console-context';
import { STRINGS } from './console/strings';
import type { Silence } from './console/types';
import { useAdminSession } from './console/use-admin-session';
import { firingIds, useFiringNotifications } from './console/use-firing-notifications';
import { useStatusHistory } from './console/use-history';
import { useReplay } from './console/use-replay';
import { useShortcuts } from './console/use-shortcuts';
import { useViewState } from './console/use-view-state';
import { useWindowedOverview } from './console/use-windowed-overview';
import { AdminDialog } from './components/admin-dialog';
import { AlertHistoryView } from './components/alert-history-view';
import { ConsoleToolbar } from './components/console-toolbar';
import { Dashboard } from './components/dashboard';
import { MapView } from './components/map-view';
import { ReplayBanner } from './components/replay-banner';
import { QualityView } from './components/quality-view';
import { ShortcutsDialog } from './components/shortcuts-dialog';
import { SourceView } from './components/source-view';
import { StatusTimeline } from './components/status-timeline';
import type { MonitorConfig } from './config';
import { describeConnection } from './connection-label';
import { humanize } from './format';
import { isKiosk, withoutKiosk } from './kiosk';
import { tabIcon, tabTitle } from './tab-signal';
import { useNow } from './use-now';

/** Props of {@link App}. */
export interface AppProps {
  /** A started client; the app only reads it and asks it to refresh. */
  client: MonitorClient;
  config: MonitorConfig;
}

/**
 * Binds the live client to the pure {@link Dashboard}, with a one-second clock, and adds the
 * operator console: views in the address, time range, replay, alert actions, shortcuts.
 */
export function App({ client, config }: AppProps) {
  const snapshot = useMonitorStatus(client);
  const nowMs = useNow(1000);
  const onRefresh = useCallback(() => client.refresh(), [client]);
  const [view, setView] = useViewState();
  const { admin, signIn, signOut } = useAdminSession();
  const [dialog, setDialog] = useState<'sign-in' | 'shortcuts' | null>(null);
  const [dragAt, setDragAt] = useState<string | null>(null);
  const [silences, setSilences] = useState<Silence[]>([]);
  const [silenceVersion, setSilenceVersion] = useState(0);
  const [kiosk, setKiosk] = useState(() => isKiosk(window.location.search));
  useEffect(() => {
    document.documentElement.toggleAttribute('data-kiosk', kiosk);
  }, [kiosk]);

  const api = useMemo(
    () =>
      new ConsoleApi({
        baseUrl: config.apiUrl,
        readToken: config.token,
        adminToken: () => admin?.token ?? null,
      }),
    [config.apiUrl, config.token, admin],
  );

  // The tab's title and icon tell an operator with another tab in front whether to look.
  const live = snapshot.status;
  const firing = firingIds(live?.alerts).size;
  const overall = live?.overall_status;
  const { label } = describeConnection(
    snapshot.state,
    snapshot.transport,
    snapshot.attempt,
    snapshot.paused,
  );
  useEffect(() => {
    document.title = tabTitle(overall ? humanize(overall) : label, firing);
  }, [overall, label, firing]);
  // Grey while the data is not live: the last status may no longer be true.
  const receiving = snapshot.state === 'connected' || snapshot.state === 'polling';
  useEffect(() => {
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (icon) icon.href = tabIcon(receiving ? (overall ?? null) : null, firing);
  }, [receiving, overall, firing]);

  const notify = useFiringNotifications(live?.alerts);

  useEffect(() => {
    if (!admin) return;
    let current = true;
    api.silences().then(
      (list) => current && setSilences(list),
      () => current && setSilences([]),
    );
    return () => {
      current = false;
    };
  }, [api, admin, silenceVersion]);

  const replay = useReplay(api, view.at);
  const history = useStatusHistory(api, view.range, nowMs);
  const displayed = view.at && replay.data ? { ...snapshot, status: replay.data } : snapshot;
  // Views follow the live data; a replayed moment's data does not change, so they ask once.
  const refreshKey = view.at ? `at:${view.at}` : String(snapshot.seq ?? 0);
  const windowed = useWindowedOverview(
    api,
    view.range,
    view.at,
    view.at ? replay.data : live,
    nowMs,
  );

  const backToLive = useCallback(() => {
    setDragAt(null);
    setView({ at: null });
  }, [setView]);

  useShortcuts({
    refresh: () => void onRefresh().catch(() => undefined),
    focusFilter: () => {
      if (view.view === 'overview') {
        document.getElementById('source-filter')?.focus();
        return;
      }
      // The filter lives on the overview: open it, then focus once it has rendered.
      setView({ view: 'overview', source: null });
      window.setTimeout(() => document.getElementById('source-filter')?.focus(), 0);
    },
    escape: () => {
      if (dialog) setDialog(null);
      else if (view.at) backToLive();
      else if (kiosk) {
        setKiosk(false);
        const { pathname, search, hash } = window.location;
        window.history.replaceState(
          window.history.state,
          '',
          pathname + withoutKiosk(search) + hash,
        );
      }
    },
    help: () => setDialog('shortcuts'),
  });

  const context: ConsoleContextValue = {
    api,
    view,
    setView,
    admin,
    requestSignIn: () => setDialog('sign-in'),
    silences: admin ? silences : [],
    afterAction: () => {
      setSilenceVersion((version) => version + 1);
      void onRefresh().catch(() => undefined);
    },
  };

  const sources = live?.scraping_health.sources ?? [];
  const content =
    view.view === 'source' ? (
      <SourceView
        sourceId={view.source}
        range={view.range}
        at={view.at}
        nowMs={nowMs}
        refreshKey={refreshKey}
      />
    ) : view.view === 'map' ? (
      <MapView range={view.range} at={view.at} selected={view.state} refreshKey={refreshKey} />
    ) : view.view === 'quality' ? (
      <QualityView range={view.range} at={view.at} refreshKey={refreshKey} />
    ) : view.view === 'history' ? (
      <AlertHistoryView nowMs={nowMs} sources={sources} refreshKey={refreshKey} />
    ) : undefined;

  return (
    <ConsoleContext.Provider value={context}>
      <Dashboard
        snapshot={displayed}
        nowMs={nowMs}
        onRefresh={onRefresh}
        apiUrl={config.apiUrl}
        warnings={config.warnings}
        windowed={windowed}
        toolbar={
          <ConsoleToolbar
            view={view.view}
            range={view.range}
            onRange={(range) => setView({ range })}
            operator={admin ? STRINGS.signedIn : null}
            onSignIn={() => setDialog('sign-in')}
            onSignOut={signOut}
            notify={notify}
            onHelp={() => setDialog('shortcuts')}
            timeline={
              <StatusTimeline
                items={history.data}
                fromMs={history.fromMs}
                toMs={history.toMs}
                at={dragAt ?? view.at}
                error={history.error}
                onPick={(at, final) => {
                  setDragAt(final ? null : at);
                  if (final) setView({ at });
                }}
              />
            }
          />
        }
        notice={
          view.at ? (
            <ReplayBanner
              at={view.at}
              publishedAt={replay.data?.timestamp ?? null}
              loading={replay.loading}
              error={replay.error}
              onBackToLive={backToLive}
            />
          ) : undefined
        }
        content={content}
      />
      {dialog === 'sign-in' && (
        <AdminDialog
          onSignIn={(token) => {
            signIn(token);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
    </ConsoleContext.Provider>
  );
}
