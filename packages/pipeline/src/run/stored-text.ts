/** Characters kept of an error stored in a source run (and so in the status document and alerts). */
export const MAX_STORED_ERROR_CHARS = 300;

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that can make a stored
// line read differently from what it says (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * An error message fit to store and show: feed-controlled parts of it (an HTML page's title, a
 * redirect's address, a server's reason) can carry control characters, terminal escapes or
 * kilobytes of text. Controls become spaces, whitespace runs collapse, and the result is cut to
 * `max` characters (never inside a surrogate pair), with "…" when cut.
 */
export function storedErrorText(message: string, max = MAX_STORED_ERROR_CHARS): string {
  const clean = message
    .slice(0, max * 4)
    .replace(UNPRINTABLE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(clean[cut - 1] ?? '')) cut -= 1;
  return `${clean.slice(0, cut)}…`;
}
