// The reference pipeline's public surface: run it (startPipeline), or assemble your own from
// its parts (reader, parser, extractor, geocoder, validator, ingest client).
export { startPipeline, SAMPLE_FEEDS_DIR, type RunnerOptions } from './runner';
export {
  runPipeline,
  type PipelineDeps,
  type RunPlan,
  type RunReporter,
  type RunOutcome,
  type EntryTransform,
} from './run/pipeline-run';
export {
  loadSources,
  parseSources,
  DEFAULT_SOURCES_FILE,
  type Source,
  type SourceKind,
} from './config/sources';
export { parseFeed, parseFeedDate, type FeedEntry, type ParsedFeed } from './fetch/feed-parser';
export type { FeedReader, FeedFetch } from './fetch/feed-reader';
export { FileFeedReader } from './fetch/file-feed-reader';
export { HttpFeedReader, type HttpFeedReaderOptions } from './fetch/http-feed-reader';
export {
  FeedReplay,
  type FeedReplayOptions,
  type ReplayTimeline,
  type Glitch,
} from './demo/feed-replay';
export {
  EVENT_TYPES,
  type EventType,
  type Extractor,
  type Extraction,
  type ArticleText,
} from './extract/extractor';
export { RuleExtractor, extractWithRules } from './extract/rule-extractor';
export {
  Geocoder,
  type GeocodeResult,
  type GeocodeInput,
  type GeoPrecision,
  type GeocodeMiss,
} from './geo/geocoder';
export { Gazetteer, type Place, type PlaceMention } from './geo/gazetteer';
export {
  STATE_NAMES,
  STATES,
  insideNigeria,
  type StateName,
  type StateFacts,
} from './geo/nigeria-states';
export { LGAS_BY_STATE } from './geo/nigeria-lgas';
export {
  validateEvent,
  DEFAULT_VALIDATION_RULES,
  type ValidationRules,
  type ValidationStatus,
  type ValidationReason,
} from './validate/event-validator';
export { IngestClient, type IngestClientOptions } from './report/ingest-client';
export { IngestReporter, MemoryReporter } from './report/ingest-reporter';
export { SeenArticles } from './articles/seen-articles';
export { canonicalUrl, contentHash, stableUuid } from './articles/article-identity';
export * from './errors';
export { MAX_FEED_BYTES, MAX_FEED_ENTRIES, MAX_ENTRY_TEXT_CHARS } from './fetch/feed-limits';
export { addressRange, type AddressRange } from './fetch/network-address';
