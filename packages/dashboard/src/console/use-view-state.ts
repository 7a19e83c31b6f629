import { useCallback, useEffect, useState } from 'react';
import { parseViewState, serializeViewState, type ViewState } from './view-state';

/** How a change is recorded: `push` makes Back return to the previous view. */
export type HistoryMode = 'push' | 'replace';

/** Changes part of the view. */
export type SetView = (change: Partial<ViewState>, mode?: HistoryMode) => void;

/**
 * The view state, mirrored in the address bar with `history.pushState`/`replaceState`
 * (no router: one page, five parameters). Back and Forward restore earlier views.
 */
export function useViewState(): [ViewState, SetView] {
  const [view, setViewState] = useState(() => parseViewState(window.location.search));

  useEffect(() => {
    const onPop = () => setViewState(parseViewState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const setView = useCallback<SetView>((change, mode = 'push') => {
    setViewState((current) => {
      const next = { ...current, ...change };
      const search = serializeViewState(next, window.location.search);
      if (search !== window.location.search) {
        const url = `${window.location.pathname}${search}${window.location.hash}`;
        if (mode === 'push') window.history.pushState(null, '', url);
        else window.history.replaceState(window.history.state, '', url);
      }
      return next;
    });
  }, []);

  return [view, setView];
}
