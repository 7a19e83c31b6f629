import type { AlertSeverity } from '@naija-monitor/protocol';
import type { Signal, SignalKind } from '../signals/types';
import type { AlertRule, ConditionLevel, MonitorSample, RuleFinding } from './types';

/**
 * Rule builders. Signal rules turn detector signals into alerts (a signal present fires, its
 * absence clears: the detectors already compare against baselines and durations). Threshold
 * rules compare one of the monitor's own figures with a firing and a lower recovery threshold.
 */

/** Options of {@link signalRule}. */
export interface SignalRuleOptions {
  name: string;
  kinds: readonly SignalKind[];
  /** Severity of the alert for a signal, or null for "no alert" (e.g. a quiet news day). */
  severity: (signal: Signal) => AlertSeverity | null;
  title: (signal: Signal) => string;
  /** @default 0 */
  forMs?: number;
  /** @default 0 */
  keepFiringForMs?: number;
  /** @default [] */
  groupBy?: readonly string[];
}

/** Alert rule over detector signals. */
export function signalRule(options: SignalRuleOptions): AlertRule {
  return {
    name: options.name,
    forMs: options.forMs ?? 0,
    keepFiringForMs: options.keepFiringForMs ?? 0,
    groupBy: options.groupBy ?? [],
    evaluate: ({ signals }) =>
      signals.flatMap((signal): RuleFinding[] => {
        if (!options.kinds.includes(signal.kind)) return [];
        const severity = options.severity(signal);
        if (severity === null) return [];
        // The cause is part of the message, not the identity: a source whose silence turns
        // from "failing" into "nothing parsed" is the same ongoing alert.
        const { cause: _cause, ...labels } = signal.labels;
        return [
          {
            labels,
            level: 'firing',
            severity,
            title: options.title(signal),
            message: signal.description,
            observed: signal.observed,
            expected: signal.expected,
            since: signal.since,
          },
        ];
      }),
  };
}

/** Options of {@link thresholdRule}. */
export interface ThresholdRuleOptions {
  name: string;
  read: (sample: MonitorSample) => number | null | undefined;
  /** Fires when the value is above this. */
  fireAbove: number;
  /** Clears when the value is at or below this (lower than `fireAbove`: hysteresis). */
  recoverAtOrBelow: number;
  severity: AlertSeverity;
  title: string;
  /** Formats the value for the message, e.g. `12 errors/min`. */
  describe: (value: number) => string;
  /** @default 0 */
  forMs?: number;
  /** @default 0 */
  keepFiringForMs?: number;
}

/** Where `value` sits against a firing and a recovery threshold. */
export function levelOf(
  value: number,
  fireAbove: number,
  recoverAtOrBelow: number,
): ConditionLevel {
  if (value > fireAbove) return 'firing';
  if (value <= recoverAtOrBelow) return 'clear';
  return 'hold';
}

/** Alert rule over one of the monitor's own figures. */
export function thresholdRule(options: ThresholdRuleOptions): AlertRule {
  return {
    name: options.name,
    forMs: options.forMs ?? 0,
    keepFiringForMs: options.keepFiringForMs ?? 0,
    groupBy: [],
    evaluate: ({ monitor }) => {
      const value = monitor ? options.read(monitor) : null;
      if (value === null || value === undefined || !Number.isFinite(value)) return [];
      return [
        {
          labels: {},
          level: levelOf(value, options.fireAbove, options.recoverAtOrBelow),
          severity: options.severity,
          title: options.title,
          message: `${options.describe(value)} (threshold ${options.describe(options.fireAbove)})`,
          observed: value,
          expected: options.fireAbove,
          since: null,
        },
      ];
    },
  };
}
