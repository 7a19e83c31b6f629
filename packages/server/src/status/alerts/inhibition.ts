import type { AlertRecord, InhibitRule } from './types';

/**
 * Which alerts are muted by others: for every firing (or recovering) alert of an inhibit
 * rule's `source`, alerts of its `target` rules with equal values of the `equal` labels are
 * muted. An alert never mutes itself. Returns fingerprint → the fingerprint muting it.
 */
export function inhibitedBy(
  alerts: readonly AlertRecord[],
  rules: readonly InhibitRule[],
): Map<string, string> {
  const muted = new Map<string, string>();
  const active = alerts.filter((alert) => alert.state === 'firing' || alert.state === 'recovering');
  for (const rule of rules) {
    const sources = active.filter((alert) => rule.source.includes(alert.rule));
    if (sources.length === 0) continue;
    for (const target of alerts) {
      if (muted.has(target.fingerprint) || !rule.target.includes(target.rule)) continue;
      const by = sources.find(
        (source) =>
          source.fingerprint !== target.fingerprint &&
          rule.equal.every(
            (label) =>
              source.labels[label] !== undefined && source.labels[label] === target.labels[label],
          ),
      );
      if (by) muted.set(target.fingerprint, by.fingerprint);
    }
  }
  return muted;
}
