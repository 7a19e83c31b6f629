/** The console's user-facing strings, together so wording stays consistent. */
export const STRINGS = {
  signInTitle: 'Sign in for alert actions',
  signInButton: 'Sign in for alert actions',
  signedIn: 'Alert actions on',
  signOut: 'Sign out of alert actions',
  adminNeeded: 'Alert actions need an admin token',
  adminWhere: 'with one of the server’s ADMIN_TOKENS.',
  adminHow:
    'Sign in with an admin token (ADMIN_TOKENS on the server). It is kept in this tab only and sent as an Authorization header, never in a URL. Acknowledgements and silences record the token’s name (name:secret) as who acted.',
  acknowledge: 'Acknowledge',
  unacknowledge: 'Un-acknowledge',
  silence: 'Silence',
  unsilence: 'Unsilence',
  silenceComment: 'Comment (why)',
  backToLive: 'Back to live',
  notLive: 'not live',
  notificationsOn: 'Notifications on',
  notificationsOff: 'Notify me',
  notificationsBlocked: 'Notifications blocked',
  shortcutsTitle: 'Keyboard shortcuts',
  mapAttribution:
    'Map of Nigeria by Michael Chukwu (@svg-maps/nigeria, after mapsvg.com), CC BY 4.0',
} as const;

/** Silence lengths offered next to each alert, in seconds. */
export const SILENCE_DURATIONS: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '1 h', seconds: 3600 },
  { label: '4 h', seconds: 4 * 3600 },
  { label: '24 h', seconds: 24 * 3600 },
];

/** Keyboard shortcuts, shown by `?`. */
export const SHORTCUTS: ReadonlyArray<{ key: string; does: string }> = [
  { key: 'r', does: 'Refresh now' },
  { key: '/', does: 'Focus the source filter' },
  { key: 'Esc', does: 'Close a dialog, go back to live, or leave kiosk mode (?kiosk)' },
  { key: '?', does: 'Show this list' },
];
