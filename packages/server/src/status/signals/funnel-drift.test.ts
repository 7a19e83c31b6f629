import { describe, expect, it } from 'vitest';
import { newsRate, PIPELINE_EPOCH, poisson, random } from '../../../test/support/synthetic-series';
import { detectFunnelSignals } from './funnel-drift';
import type { FunnelCounts } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface SourceProfile {
  id: string;
  articlesPerHour: number;
  eventsPerArticle: number;
  geocodeRate: number;
  stateShare: number;
  passRate: number;
}

const PROFILES: SourceProfile[] = [
  {
    id: 'punch',
    articlesPerHour: 4,
    eventsPerArticle: 0.35,
    geocodeRate: 0.9,
    stateShare: 0.2,
    passRate: 0.85,
  },
  {
    id: 'vanguard',
    articlesPerHour: 3,
    eventsPerArticle: 0.3,
    geocodeRate: 0.85,
    stateShare: 0.25,
    passRate: 0.8,
  },
  {
    id: 'premium',
    articlesPerHour: 1.5,
    eventsPerArticle: 0.5,
    geocodeRate: 0.92,
    stateShare: 0.15,
    passRate: 0.9,
  },
];

const binomial = (rand: () => number, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i += 1) if (rand() < p) k += 1;
  return k;
};

/** Hourly stage counts per source over 60 days, with news seasonality. */
function hourlyFunnel(
  seed: number,
  days = 60,
  tweak?: (source: SourceProfile, time: Date) => Partial<SourceProfile>,
) {
  const rand = random(seed);
  const hours: Array<{ time: Date; counts: FunnelCounts[] }> = [];
  for (let hour = 0; hour < days * 24; hour += 1) {
    const time = new Date(PIPELINE_EPOCH.getTime() + hour * HOUR_MS);
    hours.push({
      time,
      counts: PROFILES.map((base) => {
        const p = { ...base, ...tweak?.(base, time) };
        const articles = poisson(rand, p.articlesPerHour * newsRate(time));
        const events = poisson(rand, articles * p.eventsPerArticle);
        const geocoded = binomial(rand, events, p.geocodeRate);
        const geoState = binomial(rand, geocoded, p.stateShare);
        const decided = events;
        return {
          sourceId: p.id,
          articles,
          events,
          geocoded,
          geoState,
          geoLga: geocoded - geoState,
          validationDecided: decided,
          validationPassed: binomial(rand, decided, p.passRate),
        };
      }),
    });
  }
  return hours;
}

/** The store's two windows at `now`: the last 24 h and the 7 days before. */
function windowsAt(hours: ReturnType<typeof hourlyFunnel>, now: Date) {
  const currentStart = new Date(now.getTime() - DAY_MS);
  const baselineStart = new Date(currentStart.getTime() - 7 * DAY_MS);
  const pick = (from: Date, to: Date) =>
    hours.filter((hour) => hour.time >= from && hour.time < to).flatMap((hour) => hour.counts);
  return {
    current: pick(currentStart, now),
    baseline: pick(baselineStart, currentStart),
    names: new Map(PROFILES.map((p) => [p.id, p.id])),
    currentStart,
  };
}

describe('funnel and quality drift', () => {
  it.each([1, 2, 3])('stays silent on 60 clean days (seed %i)', (seed) => {
    const hours = hourlyFunnel(seed);
    const found: string[] = [];
    for (let day = 8; day <= 60; day += 0.25) {
      const now = new Date(PIPELINE_EPOCH.getTime() + day * DAY_MS);
      for (const signal of detectFunnelSignals(windowsAt(hours, now)))
        found.push(`${now.toISOString()} ${signal.description}`);
    }
    expect(found).toEqual([]);
  });

  const brokenFrom = new Date(PIPELINE_EPOCH.getTime() + 40 * DAY_MS);
  const now = new Date(brokenFrom.getTime() + DAY_MS);

  it('reports a state-level geocoding surge even though the geocoding rate holds', () => {
    const hours = hourlyFunnel(4, 41, (p, time) =>
      p.id === 'punch' && time >= brokenFrom ? { stateShare: 0.7 } : {},
    );
    const signals = detectFunnelSignals(windowsAt(hours, now));
    expect(signals.map((s) => [s.kind, s.labels.source ?? 'total'])).toEqual([
      ['geo_precision_drift', 'punch'],
      ['geo_precision_drift', 'total'],
    ]);
    expect(signals[0]!.observed).toBeGreaterThan(60);
    expect(signals[0]!.expected).toBeLessThan(30);
  });

  it('reports an extraction yield collapse for one source', () => {
    const hours = hourlyFunnel(5, 41, (p, time) =>
      p.id === 'vanguard' && time >= brokenFrom ? { eventsPerArticle: 0.05 } : {},
    );
    const signals = detectFunnelSignals(windowsAt(hours, now));
    expect(signals).toMatchObject([
      { kind: 'funnel_drift', labels: { source: 'vanguard', stage: 'extraction' } },
    ]);
  });

  it('reports a geocoding yield drop and a validation pass-rate drop', () => {
    const hours = hourlyFunnel(6, 41, (p, time) =>
      time >= brokenFrom ? { geocodeRate: 0.3, passRate: p.id === 'punch' ? 0.4 : p.passRate } : {},
    );
    const kinds = detectFunnelSignals(windowsAt(hours, now)).map(
      (s) => `${s.kind}:${s.labels.stage ?? ''}:${s.labels.source ?? 'total'}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'funnel_drift:geocoding:punch',
        'funnel_drift:geocoding:vanguard',
        'funnel_drift:geocoding:total',
        'validation_drift::punch',
      ]),
    );
  });

  it('says nothing with too few articles to judge', () => {
    const counts = (articles: number, events: number): FunnelCounts => ({
      sourceId: 'tiny',
      articles,
      events,
      geocoded: events,
      geoState: 0,
      geoLga: events,
      validationDecided: events,
      validationPassed: events,
    });
    expect(
      detectFunnelSignals({
        current: [counts(5, 0)],
        baseline: [counts(100, 50)],
        names: new Map(),
        currentStart: now,
      }),
    ).toEqual([]);
  });
});
