/**
 * Tail probabilities for count data. Daily event counts are Poisson at best and usually
 * overdispersed (news cycles, multi-event reports), so the test uses a negative binomial with
 * the same mean and a variance `mean × dispersion`; with dispersion 1 it is exactly Poisson.
 */

// Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Natural log of the gamma function, for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i += 1) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Log probability of exactly `k` events for mean `mean` and variance `mean × dispersion`. */
export function logCountPmf(k: number, mean: number, dispersion: number): number {
  if (mean <= 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (dispersion <= 1.000001) return k * Math.log(mean) - mean - logGamma(k + 1);
  const r = mean / (dispersion - 1);
  const p = r / (r + mean);
  return logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(p) + k * Math.log1p(-p);
}

/** P(X ≥ k), summed upwards so tiny tails keep their precision. */
export function upperTail(k: number, mean: number, dispersion = 1): number {
  if (k <= 0) return 1;
  let total = 0;
  const stop = Math.max(k + 50, Math.ceil(mean * 4 + 50 * Math.sqrt(mean * dispersion + 1)));
  for (let i = k; i <= stop; i += 1) {
    const term = Math.exp(logCountPmf(i, mean, dispersion));
    total += term;
    if (i > mean && term < total * 1e-12) break;
  }
  return Math.min(1, total);
}

/** P(X ≤ k). */
export function lowerTail(k: number, mean: number, dispersion = 1): number {
  if (k < 0) return 0;
  let total = 0;
  for (let i = 0; i <= k; i += 1) total += Math.exp(logCountPmf(i, mean, dispersion));
  return Math.min(1, total);
}

/** Outcome of {@link countTest}. */
export interface CountTestResult {
  direction: 'spike' | 'drop' | 'none';
  /** One-sided tail probability in the direction of the deviation. */
  pValue: number;
  /** (observed − expected) / √(expected × dispersion): a readable size of the deviation. */
  score: number;
}

/**
 * Tests an observed count against its expected mean. `alpha` is the sensitivity: the chance of
 * a false alarm per test on data that follows the baseline. `minDelta` keeps tiny absolute
 * changes (2 events instead of 0) from counting however improbable they are.
 */
export function countTest(
  observed: number,
  expected: number,
  dispersion: number,
  options: { alpha: number; minDelta: number; allowDrop?: boolean },
): CountTestResult {
  const score =
    (observed - expected) / Math.sqrt(Math.max(expected, 1e-9) * Math.max(1, dispersion));
  if (observed >= expected + options.minDelta) {
    const pValue = upperTail(observed, expected, dispersion);
    return { direction: pValue < options.alpha ? 'spike' : 'none', pValue, score };
  }
  if (options.allowDrop !== false && observed <= expected - options.minDelta) {
    const pValue = lowerTail(observed, expected, dispersion);
    return { direction: pValue < options.alpha ? 'drop' : 'none', pValue, score };
  }
  return { direction: 'none', pValue: 1, score };
}
