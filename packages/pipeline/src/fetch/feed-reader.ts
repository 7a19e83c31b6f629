import type { Source } from '../config/sources';

/** What reading a source's feed gave: a body, or "not modified since last time". */
export type FeedFetch =
  | {
      kind: 'body';
      body: string;
      /** Where it came from: the final URL or the file path. */ location: string;
    }
  | { kind: 'not_modified'; location: string };

/** Reads one source's feed: over HTTP in production, from files in tests and the demo. */
export interface FeedReader {
  /** @throws FetchError when the feed cannot be had (timeout, HTTP error, missing file). */
  read(source: Source, signal?: AbortSignal): Promise<FeedFetch>;
}
