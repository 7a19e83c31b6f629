/**
 * Text from outside (source names from ingest, fetch errors carrying a feed server's HTML title)
 * made inert for chat webhooks. Slack, Mattermost, Rocket.Chat and Discord's `/slack` endpoint
 * read `<…>` as links and mentions (`<!channel>`, `<@U123>`, `<https://phish|Login>`), and
 * Mattermost and Discord also ping on `@everyone`, `@here`, `@channel`, `@all` and render
 * Markdown links `[text](url)`. Slack's escaping rule is exactly `&`, `<`, `>`
 * (https://api.slack.com/reference/surfaces/formatting#escaping); the rest is broken up with a
 * zero-width space, which keeps the text readable but stops the parser.
 */

const ZERO_WIDTH_SPACE = '\u200b';
const ELLIPSIS = '…';

/** Longest piece of outside text put into one chat field, unless the caller says otherwise. */
export const CHAT_TEXT_MAX_CHARS = 300;

const MENTION = /@(everyone|here|channel|all)\b/gi;
// One alternation over fixed strings: linear on any input.
const LINK_OPENERS = /(\]\(|:\/\/|www\.)/gi;
// C0 controls except tab and newline, DEL, and the bidi overrides that reorder what is shown.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** `text` truncated to `maxChars` (with an ellipsis) and made inert for chat formatting. */
export function chatSafe(text: string, maxChars = CHAT_TEXT_MAX_CHARS): string {
  const short = text.length > maxChars ? text.slice(0, maxChars - 1) + ELLIPSIS : text;
  return short
    .replace(INVISIBLE, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MENTION, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(LINK_OPENERS, (opener: string) => opener[0] + ZERO_WIDTH_SPACE + opener.slice(1));
}

/** A feed- or ingest-controlled message shortened for a document or a log: no controls, bounded. */
export function truncateOutsideText(text: string, maxChars = CHAT_TEXT_MAX_CHARS): string {
  const plain = text.replace(INVISIBLE, ' ');
  return plain.length > maxChars ? plain.slice(0, maxChars - 1) + ELLIPSIS : plain;
}
