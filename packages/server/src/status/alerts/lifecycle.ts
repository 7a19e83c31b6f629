import type { AlertRecord, Observation, RuleTiming } from './types';

/**
 * The alert state machine: one pure step per evaluation and fingerprint.
 *
 *               condition                condition held ≥ forMs
 *   (normal) ─────────────▶ pending ──────────────────────────▶ firing ◀─────────┐
 *      ▲                       │ condition gone                   │ clear         │ not clear
 *      │                       ▼                                  ▼               │ (firing or hold)
 *      │                  (cancelled:                        recovering ──────────┘
 *      │                   row removed)                           │ clear for ≥ keepFiringForMs
 *      └───────────────────────────────────────────────────── resolved
 *
 * "condition" is level `firing` (above the firing threshold); "clear" is at or below the
 * separate recovery threshold, or no finding at all; `hold` (the band between) keeps a firing
 * alert firing and cancels a pending one. Only firing and resolved are notified, so an input
 * that flaps inside keep-firing-for never produces more than one pair of messages.
 */

/** What happened to an alert in one step. */
export type Transition =
  'pending' | 'firing' | 'recovering' | 'refiring' | 'resolved' | 'cancelled' | 'updated';

/** Result of {@link advance}: the alert after the step (undefined: none), and the transition if any. */
export interface Step {
  next: AlertRecord | undefined;
  transition: Transition | null;
}

function fromObservation(record: AlertRecord, observation: Observation, now: Date): AlertRecord {
  return {
    ...record,
    severity: observation.severity,
    title: observation.title,
    message: observation.message,
    labels: observation.labels,
    group: observation.group,
    observed: observation.observed,
    expected: observation.expected,
    conditionSince: observation.since ?? record.conditionSince,
    updatedAt: now,
  };
}

/**
 * One evaluation step for one fingerprint. `current` is the open alert (or undefined),
 * `observation` what the rule found now (undefined: nothing, which counts as clear).
 * `newId` names a new instance.
 */
export function advance(
  current: AlertRecord | undefined,
  observation: Observation | undefined,
  timing: RuleTiming,
  now: Date,
  newId: () => string,
): Step {
  const level = observation?.level ?? 'clear';

  if (!current) {
    if (level !== 'firing' || !observation) return { next: undefined, transition: null };
    const fires = timing.forMs <= 0;
    const created: AlertRecord = {
      id: newId(),
      fingerprint: observation.fingerprint,
      rule: observation.rule,
      severity: observation.severity,
      state: fires ? 'firing' : 'pending',
      title: observation.title,
      message: observation.message,
      labels: observation.labels,
      group: observation.group,
      observed: observation.observed,
      expected: observation.expected,
      startedAt: now,
      conditionSince: observation.since,
      firedAt: fires ? now : null,
      resolvedAt: null,
      updatedAt: now,
      lastActiveAt: now,
      recoveringSince: null,
      acknowledgement: null,
      notifiedState: null,
      notifiedAt: null,
    };
    return { next: created, transition: fires ? 'firing' : 'pending' };
  }

  switch (current.state) {
    case 'pending': {
      if (level !== 'firing' || !observation) return { next: undefined, transition: 'cancelled' };
      const updated = { ...fromObservation(current, observation, now), lastActiveAt: now };
      if (now.getTime() - current.startedAt.getTime() >= timing.forMs) {
        return { next: { ...updated, state: 'firing', firedAt: now }, transition: 'firing' };
      }
      return { next: updated, transition: null };
    }
    case 'firing': {
      if (level === 'clear') {
        const base = observation
          ? fromObservation(current, observation, now)
          : { ...current, updatedAt: now };
        if (timing.keepFiringForMs <= 0) {
          return {
            next: { ...base, state: 'resolved', resolvedAt: now, recoveringSince: now },
            transition: 'resolved',
          };
        }
        return {
          next: { ...base, state: 'recovering', recoveringSince: now },
          transition: 'recovering',
        };
      }
      const updated = fromObservation(current, observation!, now);
      const severityChanged = updated.severity !== current.severity;
      return {
        next: level === 'firing' ? { ...updated, lastActiveAt: now } : updated,
        transition: severityChanged ? 'updated' : null,
      };
    }
    case 'recovering': {
      if (level !== 'clear' && observation) {
        const updated = fromObservation(current, observation, now);
        return {
          next: {
            ...updated,
            state: 'firing',
            recoveringSince: null,
            lastActiveAt: level === 'firing' ? now : current.lastActiveAt,
          },
          transition: 'refiring',
        };
      }
      if (now.getTime() - (current.recoveringSince ?? now).getTime() >= timing.keepFiringForMs) {
        return {
          next: { ...current, state: 'resolved', resolvedAt: now, updatedAt: now },
          transition: 'resolved',
        };
      }
      return { next: current, transition: null };
    }
    case 'resolved':
      return { next: undefined, transition: null };
  }
}
