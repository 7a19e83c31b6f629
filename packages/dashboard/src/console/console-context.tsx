import { createContext, useContext } from 'react';
import type { ConsoleApi } from './api';
import type { Silence } from './types';
import type { SetView } from './use-view-state';
import type { ViewState } from './view-state';

/**
 * The signed-in session for alert actions, or null. Only the admin token: the server records
 * the token's name (`ADMIN_TOKENS=name:secret`) as who acted, never a name the page sends.
 */
export interface AdminSession {
  token: string;
}

/** What the console's components share: the API, the view and the alert-action session. */
export interface ConsoleContextValue {
  api: ConsoleApi;
  view: ViewState;
  setView: SetView;
  admin: AdminSession | null;
  /** Opens the "Sign in for alert actions" dialog. */
  requestSignIn: () => void;
  /** Silences in force (loaded only with an admin session). */
  silences: Silence[];
  /** Called after an alert action: reloads silences and asks the server for a fresh status. */
  afterAction: () => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

/** The console context, or null where the page runs without one (plain dashboard, tests). */
export function useConsole(): ConsoleContextValue | null {
  return useContext(ConsoleContext);
}
