import { useEffect, useState } from 'react';

/** An answer being loaded: the last good data stays while a newer one loads. */
export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

interface Loaded<T> {
  key: string | null;
  data: T | null;
  error: string | null;
}

/**
 * Loads `load()` whenever `key` changes (a string naming what is asked; null asks nothing).
 * A late answer for an older key is dropped, so a fast range switch never shows the wrong
 * range; until the new answer arrives the last good data stays on screen.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ key: null, data: null, error: null });

  useEffect(() => {
    if (key === null) return;
    let current = true;
    load().then(
      (data) => {
        if (current) setLoaded({ key, data, error: null });
      },
      (error: unknown) => {
        if (!current) return;
        const message = error instanceof Error ? error.message : 'The request failed.';
        setLoaded((previous) => ({ key, data: previous.data, error: message }));
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` names everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (key === null) return { data: null, error: null, loading: false };
  return {
    data: loaded.data,
    error: loaded.key === key ? loaded.error : null,
    loading: loaded.key !== key,
  };
}
