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
  const z = se > 0 ? (observed - expected) / se : observed === expected ? 0 : Math.sign(observed - expected) * Infinity;
  return { observed, expected, z };
}
