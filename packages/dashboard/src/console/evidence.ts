import type { Alert, Anomaly } from '@naija-monitor/protocol';
import type { ViewState } from './view-state';

/** Where the evidence behind an alert or anomaly is, and how to say so. */
/** A source as the document names it. */
export interface KnownSource {
  id: string;
  name: string;
}

export interface Evidence {
  to: Partial<ViewState>;
  label: string;
}

const QUALITY = /quality|drift|geocod|validation|precision|funnel/;
const STATE = /spike|gap|coverage|state/;

/**
 * Links an alert to what triggered it: the source's runs for a source's silence or failure,
 * the state's events for a spike or coverage gap, the quality series for a drift.
 */
export function alertEvidence(
  alert: Alert,
  knownSources: readonly KnownSource[] = [],
): Evidence | null {
  const labels = alert.labels ?? {};
  if (labels.source) {
    return sourceEvidence(findSource(labels.source, knownSources) ?? labels.source);
  }
  if (labels.state) return stateEvidence(labels.state);
  if (QUALITY.test(alert.type)) return qualityEvidence();
  return subjectEvidence(alert.type, undefined, knownSources);
}

/** The same for an anomaly, whose subject names the source or state. */
export function anomalyEvidence(
  anomaly: Anomaly,
  knownSources: readonly KnownSource[] = [],
): Evidence | null {
  return subjectEvidence(anomaly.type, anomaly.subject, knownSources);
}

function subjectEvidence(
  type: string,
  subject: string | undefined,
  knownSources: readonly KnownSource[],
): Evidence | null {
  if (QUALITY.test(type)) return qualityEvidence();
  const source = subject ? findSource(subject, knownSources) : null;
  if (source) return sourceEvidence(source);
  if (subject && type.includes('source')) return sourceEvidence(subject);
  if (subject && STATE.test(type)) return stateEvidence(subject);
  return null;
}

function sourceEvidence(source: string | KnownSource): Evidence {
  const { id, name } = typeof source === 'string' ? { id: source, name: source } : source;
  return { to: { view: 'source', source: id }, label: `Runs of ${name}` };
}
function stateEvidence(state: string): Evidence {
  return { to: { view: 'map', state }, label: `Events in ${state}` };
}
function qualityEvidence(): Evidence {
  return { to: { view: 'quality' }, label: 'Quality series' };
}

/** The source named by id or display name (anomaly subjects use either). */
function findSource(subject: string, knownSources: readonly KnownSource[]): KnownSource | null {
  const wanted = subject.toLowerCase();
  const found = knownSources.find(
    (source) => source.id.toLowerCase() === wanted || source.name.toLowerCase() === wanted,
  );
  return found ?? null;
}
