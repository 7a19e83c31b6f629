import { createHash } from 'node:crypto';

// Query parameters that name the campaign, not the page: the same article shared twice.
const TRACKING_PARAMS = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|amp|__twitter_impression)$/i;

/**
 * The address an article is known by: scheme and host in lower case, no fragment, no tracking
 * parameters, no trailing slash. Two links to one page give one canonical URL.
 */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(key)) parsed.searchParams.delete(key);
  }
  parsed.searchParams.sort();
  if (parsed.pathname.length > 1 && parsed.pathname.endsWith('/'))
    parsed.pathname = parsed.pathname.slice(0, -1);
  return parsed.toString();
}

/**
 * A fingerprint of what an article says: title and summary folded to lower-case words, so the
 * same story syndicated under another URL (AllAfrica re-publishing Premium Times) is caught.
 * `edition` separates deliberate re-runs of the same text (the demo's replay passes).
 */
export function contentHash(
  title: string,
  summary: string | null,
  edition: string | null = null,
): string {
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const body = fold(withoutPostBoilerplate(summary ?? ''));
  // Aggregators prefix a country or state ("Nigeria: Bandits Kill 14..."): not part of the story.
  const headline = fold(title.replace(/^[A-Z][\p{L} -]{1,20}:\s+/u, ''));
  return createHash('sha256')
    .update(`${headline}\n${body}\n${edition ?? ''}`)
    .digest('hex');
}

/**
 * The text without WordPress's trailer "The post <title> appeared first on <site>." Outlets
 * append it to every summary; it says nothing about the story. Cuts from the first "The post "
 * (at a word start, on the last line) that a later " appeared first on " follows, to the end,
 * as `/\bThe post .* appeared first on .*$/i` did; but found with two forward searches for
 * fixed strings, since that regex rescans the line from every "The post " (quadratic).
 */
export function withoutPostBoilerplate(text: string): string {
  // `.` in the old pattern stopped at line ends: only the last line can hold the trailer.
  const lineStart = Math.max(
    ...['\n', '\r', '\u2028', '\u2029'].map((end) => text.lastIndexOf(end) + 1),
  );
  const line = text.slice(lineStart);
  // The last " appeared first on ", overlapping ones included (one can end where the next
  // starts): each search resumes one character after the previous match.
  const trailer = / appeared first on /gi;
  let appeared = -1;
  for (let m = trailer.exec(line); m; m = trailer.exec(line)) {
    appeared = m.index;
    trailer.lastIndex = m.index + 1;
  }
  if (appeared < 0) return text;
  const post = /\bThe post /gi.exec(line);
  if (!post || post.index + 'The post '.length > appeared) return text;
  return text.slice(0, lineStart + post.index);
}

const NAMESPACE = 'naija-pipeline-monitor';

/**
 * A UUID derived from a key (RFC 4122 version 5 layout over SHA-1): the same article, event or
 * source run always gets the same id, so a retried report is idempotent.
 */
export function stableUuid(kind: string, key: string): string {
  const bytes = createHash('sha1').update(`${NAMESPACE}\n${kind}\n${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
