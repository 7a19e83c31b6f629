import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint';
import { advance, type Transition } from './lifecycle';
import { levelOf } from './rules';
import type { AlertRecord, ConditionLevel, Observation, RuleTiming } from './types';

const T0 = new Date('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const observation = (level: ConditionLevel, observed = 1): Observation => ({
  rule: 'memory_high',
  fingerprint: fingerprintOf('memory_high', {}),
  labels: {},
  group: 'memory_high',
  level,
  severity: 'high',
  title: 'Monitor memory high',
  message: `${observed}`,
  observed,
  expected: 500,
  since: null,
});

/** Feeds levels one per `stepSeconds` and returns the transitions and final alert. */
function run(levels: ReadonlyArray<ConditionLevel | null>, timing: RuleTiming, stepSeconds = 5) {
  let current: AlertRecord | undefined;
  let ids = 0;
  const transitions: Array<[number, Transition]> = [];
  levels.forEach((level, index) => {
    const step = advance(
      current,
      level === null ? undefined : observation(level),
      timing,
      at(index * stepSeconds),
      () => `alert-${++ids}`,
    );
    if (step.transition) transitions.push([index * stepSeconds, step.transition]);
    current = step.next?.state === 'resolved' ? undefined : step.next;
  });
  return { transitions, current, instances: ids };
}

describe('alert lifecycle', () => {
  it('does not fire before the pending duration, then fires', () => {
    const timing = { forMs: 60_000, keepFiringForMs: 0 };
    const { transitions, current } = run(Array(12).fill('firing'), timing);
    expect(transitions).toEqual([[0, 'pending']]);
    expect(current?.state).toBe('pending');
    const longer = run(Array(13).fill('firing'), timing);
    expect(longer.transitions).toEqual([
      [0, 'pending'],
      [60, 'firing'],
    ]);
    expect(longer.current?.firedAt).toEqual(at(60));
    expect(longer.current?.startedAt).toEqual(at(0));
  });

  it('cancels a pending alert whose condition goes away, so flapping never fires it', () => {
    const flapping = Array.from(
      { length: 60 },
      (_, index) => (index % 4 === 3 ? 'clear' : 'firing') as ConditionLevel,
    );
    const { transitions } = run(flapping, { forMs: 60_000, keepFiringForMs: 0 });
    expect(transitions.every(([, t]) => t === 'pending' || t === 'cancelled')).toBe(true);
  });

  it('keeps firing through flapping input: one firing, one resolved', () => {
    // Fires at once, then the condition comes and goes every 10 s for 5 minutes, then clears for good.
    const flapping = Array.from(
      { length: 60 },
      (_, index) => (index % 2 === 0 ? 'firing' : 'clear') as ConditionLevel,
    );
    const { transitions, current } = run([...flapping, ...Array<null>(40).fill(null)], {
      forMs: 0,
      keepFiringForMs: 60_000,
    });
    const notifiable = transitions.filter(([, t]) => t === 'firing' || t === 'resolved');
    expect(notifiable).toEqual([
      [0, 'firing'],
      [(59 + 12) * 5, 'resolved'],
    ]);
    expect(current).toBeUndefined();
  });

  it('holds between the thresholds: a value wavering around the firing threshold does not recover', () => {
    // Memory: fire above 500, recover at or below 450; the value wanders 480..520.
    const values = Array.from({ length: 40 }, (_, index) => 500 + (index % 2 === 0 ? 20 : -20));
    const levels = values.map((value) => levelOf(value, 500, 450));
    const { transitions, current } = run(levels, { forMs: 0, keepFiringForMs: 30_000 });
    expect(transitions).toEqual([[0, 'firing']]);
    expect(current?.state).toBe('firing');
    // Only a drop to the recovery threshold starts recovery.
    const recovered = run(
      [...levels, ...new Array<ReturnType<typeof levelOf>>(10).fill(levelOf(400, 500, 450))],
      {
        forMs: 0,
        keepFiringForMs: 30_000,
      },
    );
    expect(recovered.transitions.map(([, t]) => t)).toEqual(['firing', 'recovering', 'resolved']);
  });

  it('goes back to firing when the condition returns while recovering, without a new instance', () => {
    const { transitions, instances } = run(['firing', 'clear', 'clear', 'firing', 'firing'], {
      forMs: 0,
      keepFiringForMs: 60_000,
    });
    expect(transitions.map(([, t]) => t)).toEqual(['firing', 'recovering', 'refiring']);
    expect(instances).toBe(1);
  });

  it('resolves at once without keep-firing-for, and a new occurrence is a new instance', () => {
    const { transitions, instances } = run(['firing', 'clear', 'firing'], {
      forMs: 0,
      keepFiringForMs: 0,
    });
    expect(transitions.map(([, t]) => t)).toEqual(['firing', 'resolved', 'firing']);
    expect(instances).toBe(2);
  });

  it('fingerprints ignore label order and differ by rule or value', () => {
    expect(fingerprintOf('r', { a: '1', b: '2' })).toBe(fingerprintOf('r', { b: '2', a: '1' }));
    expect(fingerprintOf('r', { a: '1' })).not.toBe(fingerprintOf('s', { a: '1' }));
    expect(fingerprintOf('r', { a: '1' })).not.toBe(fingerprintOf('r', { a: '2' }));
  });
});
