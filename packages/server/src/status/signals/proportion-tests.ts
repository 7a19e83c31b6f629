import { logGamma } from './count-tests';

/** Outcome of {@link proportionShift}. */
export interface ProportionShift {
  /** Current proportion, 0 to 1. */
  observed: number;
  /** Baseline proportion, 0 to 1. */
  expected: number;
  /** Pooled two-proportion z statistic: positive when the current proportion is higher. */
  z: number;
}

/**
 * Compares a current proportion (`successes / trials`) with a baseline one using the pooled
 * two-proportion z-test. Returns null when either side has no trials.
 */
export function proportionShift(
  successes: number,
  trials: number,
  baseSuccesses: number,
  baseTrials: number,
): ProportionShift | null {
  if (trials <= 0 || baseTrials <= 0) return null;
  const observed = successes / trials;
  const expected = baseSuccesses / baseTrials;
  const pooled = (successes + baseSuccesses) / (trials + baseTrials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trials + 1 / baseTrials));
  const z =
    se > 0
      ? (observed - expected) / se
      : observed === expected
        ? 0
        : Math.sign(observed - expected) * Infinity;
  return { observed, expected, z };
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * One-sided Fisher exact test of a current proportion (`successes / trials`) against a baseline
 * (`baseSuccesses / baseTrials`): the probability, with both windows drawn from one
 * proportion, of a current count this low (`lower`) or this high (`upper`). Exact, so small
 * windows and rates near 0 % or 100 % (where the normal approximation overstates
 * significance) are judged right.
 */
export function fisherTail(
  successes: number,
  trials: number,
  baseSuccesses: number,
  baseTrials: number,
  direction: 'lower' | 'upper',
): number {
  const total = trials + baseTrials;
  const totalSuccesses = successes + baseSuccesses;
  const low = Math.max(0, totalSuccesses - baseTrials);
  const high = Math.min(trials, totalSuccesses);
  const logDenominator = logChoose(total, trials);
  let p = 0;
  const from = direction === 'lower' ? low : successes;
  const to = direction === 'lower' ? successes : high;
  for (let k = from; k <= to; k += 1) {
    p += Math.exp(
      logChoose(totalSuccesses, k) + logChoose(total - totalSuccesses, trials - k) - logDenominator,
    );
  }
  return Math.min(1, p);
}
