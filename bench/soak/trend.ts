/** Samples over time: `t` in seconds. */
export type Series = { t: number; value: number }[];

/** How a series moved: least-squares slope, and its last third against its first third. */
export interface Flatness {
  slopePerMinute: number;
  firstThird: number;
  lastThird: number;
  /** (last third − first third) / first third, in percent. */
  changePercent: number;
}

const mean = (values: number[]) =>
  values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Slope and drift of `series` (NaN values are left out). */
export function flatness(series: Series): Flatness {
  const points = series.filter((p) => Number.isFinite(p.value));
  const n = points.length;
  if (n < 2) return { slopePerMinute: NaN, firstThird: NaN, lastThird: NaN, changePercent: NaN };
  const meanT = mean(points.map((p) => p.t));
  const meanV = mean(points.map((p) => p.value));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - meanT) * (p.value - meanV);
    den += (p.t - meanT) ** 2;
  }
  const third = Math.max(1, Math.floor(n / 3));
  const firstThird = mean(points.slice(0, third).map((p) => p.value));
  const lastThird = mean(points.slice(-third).map((p) => p.value));
  return {
    slopePerMinute: den === 0 ? 0 : (num / den) * 60,
    firstThird,
    lastThird,
    changePercent: firstThird === 0 ? 0 : ((lastThird - firstThird) / firstThird) * 100,
  };
}
