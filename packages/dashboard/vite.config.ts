import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `npm run dev` finds the API (`MONITOR_DEV_API`). @default 'http://127.0.0.1:8000' */
const devApiTarget = process.env.MONITOR_DEV_API ?? 'http://127.0.0.1:8000';

/**
 * Builds the single-page Pipeline Monitor into `dist/`, which the server serves at `/`.
 * `base: './'` keeps every asset URL relative, so the same build works behind a path prefix.
 * `VITE_MONITOR_URL` (read in src/config.ts) sets the API base URL at build time.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  // Bundle the client and protocol from their TypeScript sources: no need to build them first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // The live SharedWorker (src/live-worker.ts) is an ES module worker, bundled like the page.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline assets: the server's CSP allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
  },
  // `npm run dev`: the API runs separately (`npm run dev` at the root, port 8000); proxy it so
  // the dashboard stays same-origin, as in production.
  server: {
    proxy: {
      '/api': { target: devApiTarget, ws: true },
      '/ws': { target: devApiTarget, ws: true },
    },
  },
});
