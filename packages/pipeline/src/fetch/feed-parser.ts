import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedParseError } from '../errors';
import { MAX_ENTRY_TEXT_CHARS, MAX_FEED_ENTRIES, MAX_QUOTED_TITLE_CHARS } from './feed-limits';
import { htmlToText } from './html-text';

/** One item of a feed, normalised across RSS and Atom. */
export interface FeedEntry {
  /** `guid` (RSS) or `id` (Atom), when present. */
  guid: string | null;
  /** The article's address. */
  url: string;
  title: string;
  /** Plain text of the description or summary (HTML removed), or null. */
  summary: string | null;
  /** Publication time, or null when the feed gives none or one we cannot read. */
  publishedAt: Date | null;
  /**
   * Set only by the demo replay: which pass over the sample feeds this is. It is part of the
   * content hash, so the same sample story replayed in a later pass counts as a new article.
   */
  edition?: string | null;
}

/** A parsed feed: its entries, and how many items were unusable (no link or no title). */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  entries: FeedEntry[];
  /** Items skipped because they had neither a usable link nor a title. */
  invalidEntries: number;
  /** Items past the first {@link MAX_FEED_ENTRIES}, not read. */
  overflowEntries: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/**
 * Parses an RSS 2.0, RSS 1.0 (RDF) or Atom document.
 * @throws FeedParseError `FEED_MALFORMED` when the body is not well-formed XML (with the line
 *   and column of the first error), `FEED_NOT_A_FEED` when it is XML (or HTML) of another kind.
 */
export function parseFeed(body: string): ParsedFeed {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new FeedParseError('FEED_MALFORMED', 'empty body');
  // Error and maintenance pages come as HTML, rarely well-formed XML: say what they are.
  if (/^(<\?xml[^>]*>\s*)?(<!doctype html|<html[\s>])/i.test(text)) {
    const title = htmlToText(htmlTitle(text) ?? '').slice(0, MAX_QUOTED_TITLE_CHARS);
    throw new FeedParseError(
      'FEED_NOT_A_FEED',
      `an HTML page${title ? ` ("${title}")` : ''} instead of a feed`,
    );
  }
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new FeedParseError(
      'FEED_MALFORMED',
      `not well-formed XML at line ${line}, column ${col}: ${msg}`,
    );
  }
  const doc = parser.parse(text) as Record<string, unknown>;
  const rss = asObject(doc.rss);
  if (rss) {
    const channel = asObject(rss.channel);
    if (!channel) throw new FeedParseError('FEED_NOT_A_FEED', 'RSS document without a <channel>');
    return collect('rss', channel.title, asArray(channel.item), rssEntry);
  }
  const atom = asObject(doc.feed);
  if (atom) return collect('atom', atom.title, asArray(atom.entry), atomEntry);
  const rdf = asObject(doc['rdf:RDF']);
  if (rdf) return collect('rdf', asObject(rdf.channel)?.title, asArray(rdf.item), rssEntry);
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(none)';
  throw new FeedParseError('FEED_NOT_A_FEED', `root element <${root}> is neither RSS nor Atom`);
}

function collect(
  format: ParsedFeed['format'],
  title: unknown,
  items: unknown[],
  read: (item: Record<string, unknown>) => FeedEntry | null,
): ParsedFeed {
  const entries: FeedEntry[] = [];
  let invalidEntries = 0;
  for (const item of items.slice(0, MAX_FEED_ENTRIES)) {
    const obj = asObject(item);
    const entry = obj ? read(obj) : null;
    if (entry) entries.push(entry);
    else invalidEntries += 1;
  }
  return {
    format,
    title: textOf(title),
    entries,
    invalidEntries,
    overflowEntries: Math.max(0, items.length - MAX_FEED_ENTRIES),
  };
}

function rssEntry(item: Record<string, unknown>): FeedEntry | null {
  const guidNode = item.guid;
  const guid = textOf(guidNode);
  const guidIsLink =
    guid !== null && asObject(guidNode)?.['@_isPermaLink'] !== 'false' && isHttpUrl(guid);
  const link =
    asArray(item.link)
      .map(textOf)
      .find((l) => l !== null && isHttpUrl(l)) ?? null;
  const url = link ?? (guidIsLink ? guid : null);
  const title = htmlText(item.title);
  const summary = htmlText(item.description) ?? htmlText(item['content:encoded']);
  if (!url || !title) return null;
  const published = textOf(item.pubDate) ?? textOf(item['dc:date']);
  return { guid, url, title, summary, publishedAt: parseFeedDate(published) };
}

function atomEntry(entry: Record<string, unknown>): FeedEntry | null {
  const links = asArray(entry.link)
    .map(asObject)
    .filter((l): l is Record<string, unknown> => l !== null);
  const alternate =
    links.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate') ?? links[0];
  const href = typeof alternate?.['@_href'] === 'string' ? alternate['@_href'] : null;
  const id = textOf(entry.id);
  const url = href && isHttpUrl(href) ? href : id && isHttpUrl(id) ? id : null;
  const title = htmlText(entry.title);
  const summary = htmlText(entry.summary) ?? htmlText(entry.content);
  if (!url || !title) return null;
  const published = textOf(entry.published) ?? textOf(entry.updated);
  return { guid: id, url, title, summary, publishedAt: parseFeedDate(published) };
}

// Zones that RFC 822 dates in the wild carry but Date.parse does not know. WAT is Nigeria's.
const ZONES: Readonly<Record<string, string>> = {
  WAT: '+0100',
  CAT: '+0200',
  EAT: '+0300',
  UT: '+0000',
};

/**
 * Reads an RFC 822 (RSS) or ISO 8601 (Atom) date. Returns null for anything unreadable rather
 * than guessing: the article then falls back to the time it was fetched.
 */
export function parseFeedDate(value: string | null): Date | null {
  if (!value) return null;
  const normalised = value
    .trim()
    .replace(/ (WAT|CAT|EAT|UT)$/, (zone) => ` ${ZONES[zone.trim()] ?? zone}`);
  const ms = Date.parse(normalised);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

function htmlText(node: unknown): string | null {
  const raw = textOf(node);
  if (raw === null) return null;
  const text = htmlToText(raw);
  return text === '' ? null : text;
}

// The text of `<title>…</title>` in an HTML page, found with `indexOf` (a regex such as
// `<title[^>]*>` rescans the rest of the page from every `<title` that is never closed).
function htmlTitle(page: string): string | null {
  const lower = page.replace(/[A-Z]+/g, (m) => m.toLowerCase()); // same indexes as `page`
  for (let at = lower.indexOf('<title'); at >= 0; at = lower.indexOf('<title', at + 6)) {
    const next = lower[at + 6];
    if (next !== '>' && next !== '/' && !/\s/.test(next ?? '')) continue; // <titles>, <title-x>
    const open = lower.indexOf('>', at + 6);
    if (open < 0) return null;
    const close = lower.indexOf('</title', open + 1);
    return page.slice(open + 1, close < 0 ? open + 1 + MAX_ENTRY_TEXT_CHARS : close);
  }
  return null;
}

// Every item field goes through here: cut to MAX_ENTRY_TEXT_CHARS before anything reads it.
function textOf(node: unknown): string | null {
  if (typeof node === 'string') {
    const text = node.trim().slice(0, MAX_ENTRY_TEXT_CHARS);
    return text === '' ? null : text;
  }
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return textOf(node[0]);
  const obj = asObject(node);
  return obj ? textOf(obj['#text']) : null;
}

function asObject(node: unknown): Record<string, unknown> | null {
  return typeof node === 'object' && node !== null && !Array.isArray(node)
    ? (node as Record<string, unknown>)
    : null;
}

function asArray(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}
