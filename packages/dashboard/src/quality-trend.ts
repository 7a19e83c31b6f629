import type { QualityPoint } from '@naija-monitor/protocol';
import { formatPercent } from './format';

/** uPlot's column layout: x in epoch seconds, then one array per series (null = gap). */
export type TrendColumns = [number[], Array<number | null>, Array<number | null>];

/** Turns the hourly trend points into uPlot columns, oldest first, bad timestamps dropped. */
export function trendColumns(trend: readonly QualityPoint[]): TrendColumns {
  const points = trend
    .map((point) => ({ point, ms: Date.parse(point.timestamp) }))
    .filter(({ ms }) => !Number.isNaN(ms))
    .sort((a, b) => a.ms - b.ms);
  return [
    points.map(({ ms }) => ms / 1000),
    points.map(({ point }) => point.geocoding_success_rate),
    points.map(({ point }) => point.validation_pass_rate),
  ];
}

/** One sentence describing the trend, for screen readers (the chart itself is an image). */
export function describeTrend(trend: readonly QualityPoint[]): string {
  const [xs, geocoding, validation] = trendColumns(trend);
  if (xs.length === 0) return 'No quality measurements in the last 24 hours.';
  const span = (values: Array<number | null>, name: string) => {
    const known = values.filter((value): value is number => value !== null);
    if (known.length === 0) return `${name}: no data`;
    const first = known[0]!;
    const last = known[known.length - 1]!;
    return `${name} from ${formatPercent(first)} to ${formatPercent(last)} (low ${formatPercent(Math.min(...known))})`;
  };
  return `Trend over ${xs.length} hourly points: ${span(geocoding, 'geocoding success')}; ${span(validation, 'validation pass')}.`;
}
