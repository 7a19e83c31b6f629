/**
 * What the page keeps for the tab's lifetime in `sessionStorage`: tokens (never in a URL).
 * Storage may be missing or refuse writes (private
 * modes, quotas): then the values live only as long as the page.
 */
export const STORAGE_KEYS = {
  readToken: 'naija-monitor.token',
  adminToken: 'naija-monitor.admin-token',
  theme: 'naija-monitor.theme',
} as const;

const memory = new Map<string, string>();

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function readSession(key: string): string | null {
  try {
    return session()?.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

export function writeSession(key: string, value: string | null): void {
  if (value === null) memory.delete(key);
  else memory.set(key, value);
  try {
    if (value === null) session()?.removeItem(key);
    else session()?.setItem(key, value);
  } catch {
    // Kept in memory above.
  }
}
