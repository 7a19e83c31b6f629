import { decodeHTML } from 'entities';

// Tags that separate words: dropping them without a space would glue "killed</p><p>Gunmen".
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'figure',
  'figcaption',
]);

// Elements whose content is not text: dropped with their content when they are closed.
const SKIPPED_ELEMENTS = ['script', 'style'] as const;

/**
 * Plain text of an HTML fragment, as feeds put in `<description>`: CDATA unwrapped, `<script>`
 * and `<style>` dropped with their content, tags dropped (block tags turned into spaces), every
 * HTML5 entity decoded, whitespace collapsed. Not a sanitizer: the result is only ever read by
 * the extractor and stored as text.
 *
 * Feed text is hostile, so this is a scanner with `indexOf`, never a backtracking regex: each
 * pass moves forward only, and time grows linearly with the input (a 200 KB run of `<` or
 * `<![CDATA[` is as quick as 200 KB of prose). A `<` with no `>` after it is text.
 */
export function htmlToText(html: string): string {
  return decodeHTML(stripTags(unwrapCdata(html)))
    .replace(/\s+/g, ' ')
    .trim();
}

// `<![CDATA[x]]>` → `x`. Without a `]]>` after an opener there is none after any later opener
// either, so the rest is left as it is (the tag pass then drops `<![CDATA[…>` like a tag).
function unwrapCdata(text: string): string {
  const OPEN = '<![CDATA[';
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf(OPEN, from);
    if (open < 0) break;
    const close = text.indexOf(']]>', open + OPEN.length);
    if (close < 0) break;
    out += text.slice(from, open) + text.slice(open + OPEN.length, close);
    from = close + 3;
  }
  return from === 0 ? text : out + text.slice(from);
}

function stripTags(text: string): string {
  // ASCII-only lower case keeps every index where it was (`toLowerCase` turns `İ` into two
  // code units), so positions found in `lower` are positions in `text`.
  const lower = text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const closers = new ForwardSearch(lower);
  let out = '';
  let from = 0; // start of text not yet copied to `out`
  let at = lower.indexOf('<');
  while (at >= 0) {
    const end = closers.next('>', at + 1);
    if (end < 0) break; // no tag can close any more: the rest is text
    out += text.slice(from, at);
    const name = tagName(lower, at + 1);
    const skipped = SKIPPED_ELEMENTS.find((e) => e === name);
    const close = skipped ? closers.next(`</${skipped}>`, end + 1) : -1;
    if (close >= 0) {
      out += ' ';
      from = close + skipped!.length + 3;
    } else {
      out += BLOCK_TAGS.has(name.startsWith('/') ? name.slice(1) : name) ? ' ' : '';
      from = end + 1;
    }
    at = lower.indexOf('<', from);
  }
  return out + text.slice(from);
}

// The tag name after `<` (with a leading `/` for an end tag), read up to the first character
// that cannot be in a name; reads at most a few characters, so the scan stays linear.
function tagName(lower: string, from: number): string {
  let end = from;
  if (lower[end] === '/') end += 1;
  const limit = Math.min(lower.length, end + 12);
  while (end < limit && /[a-z0-9]/.test(lower[end]!)) end += 1;
  return lower.slice(from, end);
}

/**
 * `indexOf` for needles searched again and again from positions that only grow: an answer
 * still ahead of the new position is reused, and "not found" stays "not found", so a text full
 * of `<script` openers without a `</script>` is searched once, not once per opener.
 */
class ForwardSearch {
  readonly #text: string;
  readonly #found = new Map<string, number>();

  constructor(text: string) {
    this.#text = text;
  }

  next(needle: string, from: number): number {
    const known = this.#found.get(needle);
    if (known !== undefined && (known < 0 || known >= from)) return known;
    const at = this.#text.indexOf(needle, from);
    this.#found.set(needle, at);
    return at;
  }
}
