/// <reference lib="webworker" />
// The SharedWorker that holds the one live connection of every dashboard tab of this origin
// (issue #17); bundled by Vite from `new SharedWorker(new URL('./live-worker.ts', …))` in
// main.tsx and served from 'self' (the dashboard's CSP: worker-src 'self').
import { serveSharedConnection, type SharedWorkerScopeLike } from '@naija-monitor/client';

serveSharedConnection(self as unknown as SharedWorkerScopeLike);
