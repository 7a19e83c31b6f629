import { lowerTail } from './count-tests';
import { fisherTail, proportionShift } from './proportion-tests';
import type { FunnelCounts, Signal } from './types';

/**
 * Stage funnel (articles → events → geocoded → validated) per source and in total, compared
 * between the current window (last 24 h) and a baseline window (the 7 days before):
 *   funnel_drift         extraction yield (events per article) or geocoding yield fell
 *   geo_precision_drift  the share of state-level fallbacks among geocoded events rose, which
 *                        matters even when the overall geocoding success rate holds
 *   validation_drift     the validation pass rate fell
 * Each fires only when the change is both statistically clear (a Fisher exact tail below
 * `proportionAlpha`, or a count tail below `alpha`) and large enough to matter (percentage
 * points, or half the expected yield).
 */

/** Tuning of {@link detectFunnelSignals}. */
export interface FunnelOptions {
  /**
   * Largest one-sided Fisher exact p-value of a proportion shift. Small, because the test runs
   * every few minutes for every source and stage, and events of one article share their fate.
   * @default 1e-5
   */
  proportionAlpha?: number;
  /**
   * Smallest sample (articles, events, geocoded or validated events) in the current window for a test.
   * @default 20
   */
  minCurrent?: number;
  /** @default 15 */
  minGeocodingDropPoints?: number;
  /** @default 15 */
  minStateShareRisePoints?: number;
  /** @default 10 */
  minValidationDropPoints?: number;
  /**
   * Extraction yield must fall below this share of the baseline.
   * @default 0.5
   */
  maxYieldRatio?: number;
  /**
   * Tail probability for the extraction count test; events per article are overdispersed
   * (one article can report several incidents), hence `yieldDispersion`.
   * @default 0.001
   */
  alpha?: number;
  /** @default 2 */
  yieldDispersion?: number;
}

const DEFAULTS: Required<FunnelOptions> = {
  proportionAlpha: 1e-5,
  minCurrent: 20,
  minGeocodingDropPoints: 15,
  minStateShareRisePoints: 15,
  minValidationDropPoints: 10,
  maxYieldRatio: 0.5,
  alpha: 0.001,
  yieldDispersion: 2,
};

/** Stage counts of one subject (a source, or `null` for the total) in both windows. */
export interface FunnelWindows {
  sourceId: string | null;
  name: string;
  current: FunnelCounts;
  baseline: FunnelCounts;
}

/** Adds up counts of several sources. */
export function sumFunnel(
  rows: readonly FunnelCounts[],
  sourceId: string | null = null,
): FunnelCounts {
  const total: FunnelCounts = {
    sourceId,
    articles: 0,
    events: 0,
    geocoded: 0,
    geoState: 0,
    geoLga: 0,
    validationDecided: 0,
    validationPassed: 0,
  };
  for (const row of rows) {
    total.articles += row.articles;
    total.events += row.events;
    total.geocoded += row.geocoded;
    total.geoState += row.geoState;
    total.geoLga += row.geoLga;
    total.validationDecided += row.validationDecided;
    total.validationPassed += row.validationPassed;
  }
  return total;
}

const pct = (value: number) => Math.round(value * 1000) / 10;

function subjectSignals(w: FunnelWindows, windowStart: Date, o: Required<FunnelOptions>): Signal[] {
  const signals: Signal[] = [];
  const subject = w.sourceId === null ? 'pipeline' : `source:${w.sourceId}`;
  const labels: Record<string, string> = w.sourceId === null ? {} : { source: w.sourceId };
  const { current: c, baseline: b } = w;

  // Extraction: events per article. Expected events are what the baseline yield predicts.
  if (c.articles >= o.minCurrent && b.articles > 0 && b.events >= o.minCurrent) {
    const baseYield = b.events / b.articles;
    const expected = c.articles * baseYield;
    if (
      c.events < expected * o.maxYieldRatio &&
      lowerTail(c.events, expected, o.yieldDispersion) < o.alpha
    ) {
      signals.push({
        kind: 'funnel_drift',
        subject,
        labels: { ...labels, stage: 'extraction' },
        severity: c.events <= expected * 0.25 ? 'high' : 'medium',
        observed: c.events,
        expected: Math.round(expected * 10) / 10,
        since: windowStart,
        description:
          `${w.name}: ${c.events} events from ${c.articles} articles in the last 24 h ` +
          `(${(c.events / c.articles).toFixed(2)} per article, baseline ${baseYield.toFixed(2)})`,
      });
    }
  }

  // Geocoding yield: geocoded / events.
  if (c.events >= o.minCurrent) {
    const shift = proportionShift(c.geocoded, c.events, b.geocoded, b.events);
    if (
      shift &&
      (shift.expected - shift.observed) * 100 >= o.minGeocodingDropPoints &&
      fisherTail(c.geocoded, c.events, b.geocoded, b.events, 'lower') < o.proportionAlpha
    ) {
      signals.push({
        kind: 'funnel_drift',
        subject,
        labels: { ...labels, stage: 'geocoding' },
        severity: shift.observed <= shift.expected / 2 ? 'high' : 'medium',
        observed: pct(shift.observed),
        expected: pct(shift.expected),
        since: windowStart,
        description: `${w.name}: ${pct(shift.observed)} % of events geocoded in the last 24 h, baseline ${pct(shift.expected)} %`,
      });
    }
  }

  // Precision mix: state-level fallbacks among geocoded events.
  const located = c.geoState + c.geoLga;
  if (located >= o.minCurrent) {
    const baseLocated = b.geoState + b.geoLga;
    const shift = proportionShift(c.geoState, located, b.geoState, baseLocated);
    if (
      shift &&
      (shift.observed - shift.expected) * 100 >= o.minStateShareRisePoints &&
      fisherTail(c.geoState, located, b.geoState, baseLocated, 'upper') < o.proportionAlpha
    ) {
      signals.push({
        kind: 'geo_precision_drift',
        subject,
        labels,
        severity: shift.observed - shift.expected >= 0.4 ? 'high' : 'medium',
        observed: pct(shift.observed),
        expected: pct(shift.expected),
        since: windowStart,
        description:
          `${w.name}: ${pct(shift.observed)} % of geocoded events fell back to state level in the last 24 h, ` +
          `baseline ${pct(shift.expected)} %`,
      });
    }
  }

  // Validation pass rate among events whose validation finished.
  if (c.validationDecided >= o.minCurrent) {
    const shift = proportionShift(
      c.validationPassed,
      c.validationDecided,
      b.validationPassed,
      b.validationDecided,
    );
    if (
      shift &&
      (shift.expected - shift.observed) * 100 >= o.minValidationDropPoints &&
      fisherTail(
        c.validationPassed,
        c.validationDecided,
        b.validationPassed,
        b.validationDecided,
        'lower',
      ) < o.proportionAlpha
    ) {
      signals.push({
        kind: 'validation_drift',
        subject,
        labels,
        severity: shift.expected - shift.observed >= 0.3 ? 'high' : 'medium',
        observed: pct(shift.observed),
        expected: pct(shift.expected),
        since: windowStart,
        description: `${w.name}: validation pass rate ${pct(shift.observed)} % in the last 24 h, baseline ${pct(shift.expected)} %`,
      });
    }
  }
  return signals;
}

/**
 * Funnel and quality drift signals for each source and for the total. `current` and `baseline`
 * hold one row per source (events without a source have `sourceId` null and count only in the
 * total); `names` maps source ids to display names; `currentStart` is where the current window
 * begins (reported as `since`).
 */
export function detectFunnelSignals(
  input: {
    current: readonly FunnelCounts[];
    baseline: readonly FunnelCounts[];
    names: ReadonlyMap<string, string>;
    currentStart: Date;
  },
  options: FunnelOptions = {},
): Signal[] {
  const o = { ...DEFAULTS, ...options };
  const ids = new Set<string>();
  for (const row of [...input.current, ...input.baseline])
    if (row.sourceId !== null) ids.add(row.sourceId);
  const windows: FunnelWindows[] = [...ids].sort().map((id) => ({
    sourceId: id,
    name: input.names.get(id) ?? id,
    current: sumFunnel(
      input.current.filter((row) => row.sourceId === id),
      id,
    ),
    baseline: sumFunnel(
      input.baseline.filter((row) => row.sourceId === id),
      id,
    ),
  }));
  windows.push({
    sourceId: null,
    name: 'All sources',
    current: sumFunnel(input.current),
    baseline: sumFunnel(input.baseline),
  });
  return windows.flatMap((w) => subjectSignals(w, input.currentStart, o));
}
