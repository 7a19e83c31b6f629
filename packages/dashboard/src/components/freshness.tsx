import { secondsSince } from '../format';

/** Props of {@link Freshness}. */
export interface FreshnessProps {
  /** When the last good status arrived (epoch ms), or null before the first one. */
  receivedAt: number | null;
  nowMs: number;
}

/** Seconds after which the data is shown as ageing, then as stale (3 and 12 broadcast intervals). */
const AGEING_SECONDS = 15;
const STALE_SECONDS = 60;

/**
 * "Data Freshness": whole seconds since the last update, ticking with `nowMs`. Not a live
 * region on purpose: a screen reader would otherwise read it out every second.
 */
export function Freshness({ receivedAt, nowMs }: FreshnessProps) {
  const seconds = receivedAt === null ? null : secondsSince(receivedAt, nowMs);
  const tone =
    seconds === null
      ? 'off'
      : seconds > STALE_SECONDS
        ? 'bad'
        : seconds > AGEING_SECONDS
          ? 'warn'
          : 'good';
  return (
    <div className={`freshness freshness--${tone}`}>
      <span className="freshness__label">Data Freshness</span>
      <span className="freshness__value" data-testid="freshness">
        {seconds === null ? 'No data yet' : `${seconds} s ago`}
      </span>
    </div>
  );
}
