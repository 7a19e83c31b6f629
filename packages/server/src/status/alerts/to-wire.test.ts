import { describe, expect, it } from 'vitest';
import type { Signal } from '../signals/types';
import { anomalyOf, DetectionTimes } from './to-wire';

const signal = (subject: string): Signal => ({
  kind: 'source_failing',
  subject,
  labels: { source: subject },
  severity: 'medium',
  observed: 5,
  expected: 0,
  since: new Date('2026-12-06T00:55:00.000Z'),
  description: `${subject}: the last 5 fetches failed`,
});

describe('anomaly timestamps', () => {
  it('keep the time of first detection while the condition lasts, then start afresh', () => {
    const times = new DetectionTimes();
    const evaluate = (at: string, subjects: string[]) => {
      const now = new Date(at);
      const anomalies = subjects.map((subject) =>
        anomalyOf(signal(subject), (id) => times.detectedAt(id, now)),
      );
      times.endEvaluation();
      return Object.fromEntries(anomalies.map((a) => [a.subject, a.timestamp])) as Record<
        string,
        string
      >;
    };
    expect(evaluate('2026-12-06T10:00:00.000Z', ['a'])).toEqual({ a: '2026-12-06T10:00:00.000Z' });
    expect(evaluate('2026-12-06T10:00:05.000Z', ['a', 'b'])).toEqual({
      a: '2026-12-06T10:00:00.000Z',
      b: '2026-12-06T10:00:05.000Z',
    });
    // 'a' gone for one evaluation: when it returns, it is a new detection.
    expect(evaluate('2026-12-06T10:00:10.000Z', ['b'])).toEqual({ b: '2026-12-06T10:00:05.000Z' });
    expect(evaluate('2026-12-06T10:00:15.000Z', ['a', 'b'])).toEqual({
      a: '2026-12-06T10:00:15.000Z',
      b: '2026-12-06T10:00:05.000Z',
    });
  });
});
