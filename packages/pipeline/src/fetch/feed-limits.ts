/**
 * How much of a feed the pipeline reads. Feeds come from outside and are treated as hostile:
 * these caps bound the memory and CPU one feed can take, whatever it sends.
 */

/** Largest feed body, counted after decompression: a longer answer is abandoned. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

/** Items read per feed, in document order (feeds list the newest first); the rest are counted. */
export const MAX_FEED_ENTRIES = 500;

/** Characters kept of each item field (title, description, link…) before any pattern reads it. */
export const MAX_ENTRY_TEXT_CHARS = 20_000;

/** Characters kept of an HTML page's `<title>` quoted in an error. */
export const MAX_QUOTED_TITLE_CHARS = 200;
