/** Kinds of event the pipeline records (the monitor's `conflict_events.event_type`). */
export const EVENT_TYPES = [
  'attack',
  'kidnapping',
  'bombing',
  'clash',
  'protest',
  'military_operation',
  'mob_violence',
] as const;
/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** What an extractor reads: an article's text and times. */
export interface ArticleText {
  title: string;
  summary: string | null;
  publishedAt: Date | null;
  fetchedAt: Date;
}

/** What an extractor found in one article. */
export interface Extraction {
  /** True when the article reports a conflict or protest event that happened. */
  isConflict: boolean;
  /** Null when `isConflict` is false. */
  eventType: EventType | null;
  /** People killed, when the text gives a number; null when it gives none. */
  fatalities: number | null;
  /** People injured, when the text gives a number. */
  injuries: number | null;
  /** Day of the event, `YYYY-MM-DD` in Nigerian time. */
  eventDate: string;
  /** Where `eventDate` came from. */
  dateSource: 'text' | 'published' | 'fetched';
  /** A community or village named as the event's place, for the geocoder. */
  placeHint: string | null;
  /** 0 to 1: how sure the extractor is that this is a real event of this type. */
  confidence: number;
  /** Names of the rules that fired, for review and debugging. */
  evidence: string[];
}

/**
 * Turns an article into at most one event. The rule-based extractor implements it; an LLM
 * extractor can be plugged in by implementing the same method (it may call the network: the
 * method is async for that reason).
 */
export interface Extractor {
  /** Short identifier, recorded in logs. */
  readonly name: string;
  extract(article: ArticleText): Promise<Extraction>;
}
