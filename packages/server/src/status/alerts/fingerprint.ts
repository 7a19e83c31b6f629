import { createHash } from 'node:crypto';

/**
 * Identity of an alert: the rule and its labels, independent of label order. Two evaluations
 * that find the same condition produce the same fingerprint, so it is tracked once (dedup).
 */
export function fingerprintOf(rule: string, labels: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify([
    rule,
    Object.keys(labels)
      .sort()
      .map((key) => [key, labels[key]]),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Notification group of an alert: the rule name plus the values of its `groupBy` labels. */
export function groupOf(
  rule: string,
  labels: Readonly<Record<string, string>>,
  groupBy: readonly string[],
): string {
  const parts = groupBy.map((key) => `${key}=${labels[key] ?? ''}`);
  return parts.length === 0 ? rule : `${rule}{${parts.join(',')}}`;
}
