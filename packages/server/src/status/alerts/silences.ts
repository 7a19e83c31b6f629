import type { AlertRecord, Silence } from './types';

/** Whether `silence` is in force at `now`: started, not ended, not expired early. */
export function isSilenceActive(silence: Silence, now: Date): boolean {
  return (
    silence.expiredAt === null &&
    silence.startsAt.getTime() <= now.getTime() &&
    now.getTime() < silence.endsAt.getTime()
  );
}

/** Whether every matcher of `silence` equals the alert's label (or its `rule` / `fingerprint`). */
export function silenceMatches(
  silence: Silence,
  alert: Pick<AlertRecord, 'rule' | 'fingerprint' | 'labels'>,
): boolean {
  return Object.entries(silence.matchers).every(([key, value]) => {
    if (key === 'rule') return alert.rule === value;
    if (key === 'fingerprint') return alert.fingerprint === value;
    return alert.labels[key] === value;
  });
}

/** The active silence covering `alert` at `now`, if any. */
export function silenceFor(
  alert: Pick<AlertRecord, 'rule' | 'fingerprint' | 'labels'>,
  silences: readonly Silence[],
  now: Date,
): Silence | undefined {
  return silences.find(
    (silence) => isSilenceActive(silence, now) && silenceMatches(silence, alert),
  );
}
