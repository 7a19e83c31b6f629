import { describe, expect, it } from 'vitest';
import type { Source } from '../config/sources';
import { dueSources, msUntilNextDue } from './schedule';

const source = (id: string, priority: number, intervalS: number, enabled = true): Source => ({
  id,
  name: id,
  kind: 'rss',
  url: `https://example.org/${id}`,
  priority,
  enabled,
  expected_interval_seconds: intervalS,
});

const sources = [source('slow', 3, 3600), source('fast', 1, 900), source('off', 1, 60, false)];

describe('schedule', () => {
  it('runs every enabled source that never ran, most important first', () => {
    expect(dueSources(sources, new Map(), 0).map((s) => s.id)).toEqual(['fast', 'slow']);
  });

  it('runs a source again once its interval has passed', () => {
    const last = new Map([
      ['fast', 0],
      ['slow', 0],
    ]);
    expect(dueSources(sources, last, 899_999).map((s) => s.id)).toEqual([]);
    expect(dueSources(sources, last, 900_000).map((s) => s.id)).toEqual(['fast']);
    expect(dueSources(sources, last, 3_600_000).map((s) => s.id)).toEqual(['fast', 'slow']);
  });

  it('says how long until the next source is due, ignoring disabled ones', () => {
    const last = new Map([
      ['fast', 0],
      ['slow', 0],
    ]);
    expect(msUntilNextDue(sources, last, 100_000)).toBe(800_000);
    expect(msUntilNextDue(sources, new Map([['fast', 0]]), 100_000)).toBe(0);
    expect(msUntilNextDue([source('off', 1, 60, false)], new Map(), 0)).toBeNull();
  });
});
