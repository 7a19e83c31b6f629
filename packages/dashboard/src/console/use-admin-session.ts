import { useCallback, useState } from 'react';
import type { AdminSession } from './console-context';
import { readSession, STORAGE_KEYS, writeSession } from './session-store';

/** The operator's admin session for alert actions, kept in sessionStorage for this tab. */
export function useAdminSession() {
  const [admin, setAdmin] = useState<AdminSession | null>(() => {
    const token = readSession(STORAGE_KEYS.adminToken);
    return token ? { token } : null;
  });

  const signIn = useCallback((token: string) => {
    writeSession(STORAGE_KEYS.adminToken, token);
    setAdmin({ token });
  }, []);

  const signOut = useCallback(() => {
    writeSession(STORAGE_KEYS.adminToken, null);
    setAdmin(null);
  }, []);

  return { admin, signIn, signOut };
}
