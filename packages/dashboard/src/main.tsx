import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createMonitorClient, createSharedMonitorClient } from '@naija-monitor/client';
import { App } from './app';
import { resolveMonitorConfig } from './config';
import { applyTheme, storedTheme } from './theme';
import { adoptUrlToken } from './url-token';
import './styles.css';

// Before anything reads the address: move `?token=` into sessionStorage and out of the bar.
const sessionToken = adoptUrlToken({
  location: window.location,
  history: window.history,
  storage: safeSessionStorage(),
});
applyTheme(storedTheme(), false);

// Entry point: read the configuration, start one client for the page's lifetime, render.
// The client lives outside React so StrictMode's double effects never open two connections.
const config = resolveMonitorConfig({
  search: window.location.search,
  origin: window.location.origin,
  injected: window.__MONITOR_CONFIG__,
  buildUrl: import.meta.env.VITE_MONITOR_URL,
  sessionToken,
});
const clientOptions = {
  ...config.tunables,
  baseUrl: config.apiUrl,
  ...(config.token !== undefined && { token: config.token }),
};
// Tabs of this origin share one live connection: a SharedWorker holds it where the browser has
// one, else a leader tab (Web Locks + BroadcastChannel). `?shared=tabs` skips the worker (the
// fallback), `?shared=0` gives this tab its own connection.
const sharing = new URLSearchParams(window.location.search).get('shared');
const client =
  sharing === '0'
    ? createMonitorClient(clientOptions)
    : createSharedMonitorClient(clientOptions, {
        worker:
          sharing === 'tabs'
            ? null
            : () =>
                new SharedWorker(new URL('./live-worker.ts', import.meta.url), {
                  type: 'module',
                  // Tabs with another API or token get a worker of their own.
                  name: `naija-monitor ${config.apiUrl} ${tokenTag(config.token)}`,
                }),
      });
client.start();
window.addEventListener('pagehide', (event) => {
  // A page kept in the back/forward cache comes back with its client; otherwise let go now.
  if (!event.persisted) client.close();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} config={config} />
  </StrictMode>,
);

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** A short tag that tells tokens apart without putting one in the worker's name (FNV-1a). */
function tokenTag(token: string | undefined): string {
  if (token === undefined) return '-';
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}
