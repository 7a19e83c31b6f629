import { useCallback, useState } from 'react';
import type { AdminSession } from './console-context';
import { readSession, STORAGE_KEYS, writeSession } from './session-store';

/** The operator's admin session for alert actions, kept in sessionStorage for this tab. */
export function useAdminSession() {
  const [admin, setAdmin] = useState<AdminSession | null>(() => {
    const token = readSession(STORAGE_KEYS.adminToken);
    const operator = readSession(STORAGE_KEYS.operator);
    return token && operator ? { token, operator } : null;
  });

  const signIn = useCallback((token: string, operator: string) => {
    writeSession(STORAGE_KEYS.adminToken, token);
    writeSession(STORAGE_KEYS.operator, operator);
    setAdmin({ token, operator });
  }, []);

  const signOut = useCallback(() => {
    writeSession(STORAGE_KEYS.adminToken, null);
    setAdmin(null);
  }, []);

  return { admin, signIn, signOut, lastOperator: readSession(STORAGE_KEYS.operator) ?? '' };
}
