import { appendFileSync, existsSync } from 'node:fs';

/** System programs some suites need, where Debian puts them, and how to install them. */
export const SYSTEM_TOOLS = {
  chromium: {
    path: () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    install: 'apt-get install -y chromium',
  },
  nginx: {
    path: () => process.env.NGINX_BINARY ?? '/usr/sbin/nginx',
    install: 'apt-get install -y nginx',
  },
  promtool: {
    path: () => process.env.PROMTOOL ?? '/usr/bin/promtool',
    install: 'apt-get install -y prometheus',
  },
} as const;

export type SystemTool = keyof typeof SYSTEM_TOOLS;

/** Environment variable naming the file where this run's skips are collected (see global-setup). */
export const SKIP_LOG_VARIABLE = 'NAIJA_TEST_SKIP_LOG';

/** One skipped suite, as written to the skip log (one JSON object per line). */
export interface RecordedSkip {
  suite: string;
  tool: string;
  install: string;
}

/**
 * Null when `tool` is installed; otherwise the reason `suite` is skipped, printed at once and
 * recorded for the run's closing summary line. With `CI=true` a missing tool is a failure (CI
 * installs everything), so this throws instead.
 */
export function missingSystemTool(suite: string, tool: SystemTool): string | null {
  const { install } = SYSTEM_TOOLS[tool];
  const path = SYSTEM_TOOLS[tool].path();
  if (existsSync(path)) return null;
  const reason = `${suite}: ${tool} not found at ${path} (install it: ${install})`;
  if (process.env.CI === 'true') {
    throw new Error(`${reason}. CI=true: a skipped suite is a failure.`);
  }
  console.warn(`[skip] ${reason}`);
  recordSkip({ suite, tool, install });
  return reason;
}

/** Adds a skip to this run's summary (no-op outside a run with the global setup). */
export function recordSkip(skip: RecordedSkip): void {
  const log = process.env[SKIP_LOG_VARIABLE];
  if (log) appendFileSync(log, `${JSON.stringify(skip)}\n`);
}
