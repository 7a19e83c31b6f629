/**
 * Robust descriptive statistics over small samples (a few days or a few dozen runs). Every
 * function tolerates an empty input by returning `NaN`, so callers check `Number.isFinite`.
 */

/** Median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile `q` in [0, 1] of `values` (NaN when empty). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

/**
 * Median absolute deviation scaled by 1.4826, so it estimates the standard deviation of normal
 * data while ignoring up to half the sample being outliers (a past spike does not hide the next).
 */
export function robustSpread(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const centre = median(values);
  return 1.4826 * median(values.map((value) => Math.abs(value - centre)));
}

/**
 * Mean after dropping `trim` of the sample from each end (20 % by default). Unlike the median
 * it does not collapse to zero on sparse count series (a state with an event every third day),
 * and unlike the mean one or two past spikes do not lift it.
 */
export function trimmedMean(values: readonly number[], trim = 0.2): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * trim);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, value) => sum + value, 0) / kept.length;
}

/** Arithmetic mean (NaN when empty). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
