import type { AlertSeverity } from '@naija-monitor/protocol';
import type { Signal } from '../signals/types';
import { signalRule, thresholdRule } from './rules';
import type { AlertRule, InhibitRule } from './types';

/**
 * The rules the monitor ships with. Timings: signal rules whose detector already waits
 * (silence, stall) fire quickly; drift rules over 24 h windows wait longer, and keep firing
 * longer, because their input moves slowly. The monitor's own thresholds are the contract's:
 * connection errors > 5/min, broadcast failures > 1 per cycle, memory > 500 MB, status
 * query > 1 s.
 */

const MINUTE_MS = 60_000;
const MB = 1024 * 1024;

const asIs = (signal: Signal): AlertSeverity => signal.severity;
const sourceOf = (signal: Signal) => signal.labels.source ?? signal.subject;
const stateOf = (signal: Signal) => signal.labels.state ?? signal.subject;

/** Default alert rules; pass your own list to the engine to change them. */
export function defaultAlertRules(): AlertRule[] {
  return [
    signalRule({
      name: 'pipeline_stalled',
      kinds: ['pipeline_stalled'],
      severity: () => 'critical',
      title: () => 'Pipeline stalled',
      keepFiringForMs: 5 * MINUTE_MS,
    }),
    signalRule({
      name: 'sources_silent',
      kinds: ['sources_silent'],
      severity: (signal) => (signal.observed === 0 ? 'critical' : 'high'),
      title: (signal) =>
        signal.observed === 0 ? 'Every source is silent' : 'Most sources are silent',
      forMs: MINUTE_MS,
      keepFiringForMs: 5 * MINUTE_MS,
    }),
    signalRule({
      name: 'run_failed',
      kinds: ['run_failed'],
      severity: asIs,
      title: (signal) =>
        signal.labels.outcome === 'partial' ? 'Pipeline run partly failed' : 'Pipeline run failed',
    }),
    signalRule({
      name: 'run_slow',
      kinds: ['run_slow'],
      severity: asIs,
      title: () => 'Pipeline run slower than usual',
      forMs: MINUTE_MS,
      keepFiringForMs: 5 * MINUTE_MS,
    }),
    signalRule({
      name: 'source_silent',
      kinds: ['source_silent'],
      // A quiet news day is an anomaly to show, not an alert to act on.
      severity: (signal) => (signal.labels.cause === 'quiet' ? null : signal.severity),
      title: (signal) => `Source ${sourceOf(signal)} is silent`,
      forMs: 2 * MINUTE_MS,
      keepFiringForMs: 10 * MINUTE_MS,
    }),
    signalRule({
      name: 'source_failing',
      kinds: ['source_failing'],
      severity: asIs,
      title: (signal) => `Source ${sourceOf(signal)} is failing`,
      keepFiringForMs: 10 * MINUTE_MS,
    }),
    signalRule({
      name: 'source_slow',
      kinds: ['source_slow'],
      severity: () => 'low',
      title: (signal) => `Source ${sourceOf(signal)} is slow`,
      forMs: 5 * MINUTE_MS,
      keepFiringForMs: 10 * MINUTE_MS,
    }),
    signalRule({
      name: 'funnel_drift',
      kinds: ['funnel_drift'],
      severity: asIs,
      title: (signal) =>
        `${signal.labels.stage ?? 'Stage'} yield dropped${signal.labels.source ? ` for ${signal.labels.source}` : ''}`,
      forMs: 10 * MINUTE_MS,
      keepFiringForMs: 30 * MINUTE_MS,
    }),
    signalRule({
      name: 'geo_precision_drift',
      kinds: ['geo_precision_drift'],
      severity: asIs,
      title: (signal) =>
        `State-level geocoding fallbacks surged${signal.labels.source ? ` for ${signal.labels.source}` : ''}`,
      forMs: 10 * MINUTE_MS,
      keepFiringForMs: 30 * MINUTE_MS,
    }),
    signalRule({
      name: 'validation_drift',
      kinds: ['validation_drift'],
      severity: asIs,
      title: (signal) =>
        `Validation pass rate dropped${signal.labels.source ? ` for ${signal.labels.source}` : ''}`,
      forMs: 10 * MINUTE_MS,
      keepFiringForMs: 30 * MINUTE_MS,
    }),
    signalRule({
      name: 'coverage_gap',
      kinds: ['coverage_gap'],
      severity: asIs,
      title: (signal) => `Coverage gap in ${stateOf(signal)}`,
      forMs: 10 * MINUTE_MS,
      keepFiringForMs: 30 * MINUTE_MS,
    }),
    signalRule({
      name: 'event_spike',
      kinds: ['event_spike'],
      // Only strong spikes notify; the rest stay anomalies on the dashboard.
      severity: (signal) => (signal.severity === 'high' ? 'low' : null),
      title: (signal) => `Conflict events spiked in ${stateOf(signal)}`,
      keepFiringForMs: 60 * MINUTE_MS,
    }),
    thresholdRule({
      name: 'connection_errors',
      read: (sample) => sample.connectionErrorsPerMinute,
      fireAbove: 5,
      recoverAtOrBelow: 2,
      severity: 'high',
      title: 'Live connection errors',
      describe: (value) => `${value.toFixed(1)} connection errors/min`,
      forMs: MINUTE_MS,
      keepFiringForMs: 2 * MINUTE_MS,
    }),
    thresholdRule({
      name: 'broadcast_failures',
      read: (sample) => sample.broadcastFailuresLastCycle,
      fireAbove: 1,
      recoverAtOrBelow: 0,
      severity: 'high',
      title: 'Broadcast failures',
      describe: (value) => `${value} failed sends in the latest broadcast`,
      forMs: 10_000,
      keepFiringForMs: MINUTE_MS,
    }),
    thresholdRule({
      name: 'memory_high',
      read: (sample) => sample.memoryRssBytes,
      fireAbove: 500 * MB,
      recoverAtOrBelow: 450 * MB,
      severity: 'high',
      title: 'Monitor memory high',
      describe: (value) => `${Math.round(value / MB)} MB resident`,
      forMs: MINUTE_MS,
      keepFiringForMs: 2 * MINUTE_MS,
    }),
    thresholdRule({
      name: 'status_query_slow',
      read: (sample) => sample.statusQueryMs,
      fireAbove: 1000,
      recoverAtOrBelow: 500,
      severity: 'medium',
      title: 'Status query slow',
      describe: (value) => `${Math.round(value)} ms status query`,
      forMs: 30_000,
      keepFiringForMs: MINUTE_MS,
    }),
  ];
}

const PER_SOURCE_RULES = [
  'source_silent',
  'source_failing',
  'source_slow',
  'funnel_drift',
  'geo_precision_drift',
  'validation_drift',
  'coverage_gap',
];

/** Default inhibitions: the pipeline being down mutes its per-source alerts, and so on. */
export function defaultInhibitRules(): InhibitRule[] {
  return [
    {
      source: ['pipeline_stalled', 'sources_silent'],
      target: [...PER_SOURCE_RULES, 'run_slow'],
      equal: [],
    },
    { source: ['source_silent'], target: ['source_failing'], equal: ['source'] },
    {
      source: ['source_silent', 'source_failing'],
      target: ['source_slow', 'funnel_drift', 'geo_precision_drift', 'validation_drift'],
      equal: ['source'],
    },
    { source: ['run_failed'], target: ['run_slow'], equal: [] },
  ];
}
