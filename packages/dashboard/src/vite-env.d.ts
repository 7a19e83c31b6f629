/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** API base URL baked in at build time; see src/config.ts for the run-time overrides. */
  readonly VITE_MONITOR_URL?: string;
}
