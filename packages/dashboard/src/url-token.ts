import { STORAGE_KEYS } from './console/session-store';

/** The parts of `window` that {@link adoptUrlToken} touches, passed in for tests. */
export interface UrlTokenHost {
  location: { href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/**
 * Takes `?token=` out of the address bar (issue #13 item 9): the token is read once, kept in
 * `sessionStorage` for this tab, and the address is rewritten with `history.replaceState`, so
 * it does not linger in the bar, in bookmarks, in screenshots or in the history list.
 * Returns the token to use: the link's, else the one this tab kept earlier.
 */
export function adoptUrlToken(host: UrlTokenHost): string | undefined {
  const url = new URL(host.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    host.history.replaceState(host.history.state, '', url.toString());
    if (fromUrl !== '') {
      try {
        host.storage?.setItem(STORAGE_KEYS.readToken, fromUrl);
      } catch {
        // Storage refused: the token still serves this page load.
      }
      return fromUrl;
    }
  }
  try {
    return host.storage?.getItem(STORAGE_KEYS.readToken) || undefined;
  } catch {
    return undefined;
  }
}
