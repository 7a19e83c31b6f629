import type {
  Alert,
  Anomaly,
  SourceHealth,
  StatusDocument,
  OmittedItems,
} from '@naija-monitor/protocol';
import { rememberDocumentJson } from '../document-json';

/**
 * Upper bounds on what one status document lists. Sources, states and error texts come from
 * ingest, so without them enough ingested rows would grow every broadcast past the slow-client
 * limit and every dashboard would be skipped and closed (review M4). Counts and the overall
 * status are computed from everything first; only the lists are cut, the most important
 * items kept, and `omitted` says how many went.
 */
export interface DocumentLimits {
  /** `STATUS_MAX_SOURCES`: sources listed in `scraping_health.sources`. @default 100 */
  maxSources: number;
  /** `STATUS_MAX_ANOMALIES`: anomalies listed. @default 50 */
  maxAnomalies: number;
  /** `STATUS_MAX_ALERTS`: alerts listed. @default 50 */
  maxAlerts: number;
  /** Longest error, name, title or description text, in characters. @default 300 */
  maxTextChars: number;
  /**
   * `STATUS_MAX_DOCUMENT_BYTES`: the serialised document's ceiling; the lists are halved until
   * it fits. Below the 64 KiB slow-client threshold, so one update never makes a client slow.
   * @default 49152
   */
  maxDocumentBytes: number;
}

/** The bounds used unless configured otherwise. */
export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxSources: 100,
  maxAnomalies: 50,
  maxAlerts: 50,
  maxTextChars: 300,
  maxDocumentBytes: 48 * 1024,
});

// Which sources an operator needs to see first when not all fit.
const SOURCE_RANK: Record<SourceHealth['state'], number> = {
  failing: 0,
  empty: 1,
  never_run: 2,
  running: 3,
  ok: 4,
  disabled: 5,
};
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const ALERT_STATE_RANK: Record<string, number> = {
  firing: 0,
  recovering: 1,
  pending: 2,
  resolved: 3,
};

/**
 * `document` with its lists cut to `limits`, its outside texts shortened, and, if it is still
 * over `maxDocumentBytes`, its lists halved until it fits. Pure.
 */
export function boundDocument(
  document: StatusDocument,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): StatusDocument {
  let current = limits;
  let bounded = cutLists(document, current);
  // The text measured is remembered: the fan-out sends it rather than serialising again.
  let json = JSON.stringify(bounded);
  for (let round = 0; round < 16 && Buffer.byteLength(json) > limits.maxDocumentBytes; round += 1) {
    current = {
      ...current,
      maxSources: Math.floor(current.maxSources / 2),
      maxAnomalies: Math.floor(current.maxAnomalies / 2),
      maxAlerts: Math.floor(current.maxAlerts / 2),
    };
    bounded = cutLists(document, current);
    json = JSON.stringify(bounded);
  }
  rememberDocumentJson(bounded, json);
  return bounded;
}

function cutLists(document: StatusDocument, limits: DocumentLimits): StatusDocument {
  const clip = (text: string) => clipText(text, limits.maxTextChars);
  const clipNullable = (text: string | null) => (text === null ? null : clip(text));

  const sources = keepFirst(
    document.scraping_health.sources,
    limits.maxSources,
    (a, b) => SOURCE_RANK[a.state] - SOURCE_RANK[b.state],
  );
  const anomalies = keepFirst(
    document.anomalies,
    limits.maxAnomalies,
    (a, b) => severityOrder(a.severity) - severityOrder(b.severity),
  );
  const alerts = keepFirst(
    document.alerts,
    limits.maxAlerts,
    (a, b) =>
      alertStateOrder(a) - alertStateOrder(b) ||
      severityOrder(a.severity) - severityOrder(b.severity),
  );
  const omitted: OmittedItems = {
    sources: document.scraping_health.sources.length - sources.length,
    anomalies: document.anomalies.length - anomalies.length,
    alerts: document.alerts.length - alerts.length,
  };
  const { omitted: _previous, ...rest } = document;
  const bounded: StatusDocument = {
    ...rest,
    scraping_health: {
      ...document.scraping_health,
      last_error: clipNullable(document.scraping_health.last_error),
      sources: sources.map((source) => ({
        ...source,
        name: clip(source.name),
        last_error: clipNullable(source.last_error),
      })),
    },
    anomalies: anomalies.map((anomaly): Anomaly => ({
      ...anomaly,
      description: clip(anomaly.description),
    })),
    alerts: alerts.map((alert): Alert => ({
      ...alert,
      title: clip(alert.title),
      message: clip(alert.message),
    })),
  };
  if (omitted.sources + omitted.anomalies + omitted.alerts > 0) bounded.omitted = omitted;
  return bounded;
}

/** The first `limit` items in `compare` order, or the list itself when it fits. Stable. */
function keepFirst<T>(items: readonly T[], limit: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= limit) return [...items];
  const order = items.map((item, index) => ({ item, index }));
  order.sort((a, b) => compare(a.item, b.item) || a.index - b.index);
  const kept = new Set(order.slice(0, limit).map((entry) => entry.index));
  // Keep the computed order for what stays (sources by name, alerts by their own order).
  return items.filter((_, index) => kept.has(index));
}

function severityOrder(severity: string): number {
  return SEVERITY_RANK[severity] ?? 4;
}

function alertStateOrder(alert: Alert): number {
  return ALERT_STATE_RANK[alert.state ?? 'firing'] ?? 4;
}

function clipText(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(0, maxChars - 1) + '…' : text;
}
