import { STRINGS } from '../console/strings';
import { formatClock, formatDateTime } from '../format';

/** Props of {@link ReplayBanner}. */
export interface ReplayBannerProps {
  /** The replay time asked for (ISO). */
  at: string;
  /** When the shown document was published, once loaded. */
  publishedAt: string | null;
  loading: boolean;
  error: string | null;
  onBackToLive: () => void;
}

/** "Viewing 03:12 — not live", with the way back. Live updates keep arriving underneath. */
export function ReplayBanner({ at, publishedAt, loading, error, onBackToLive }: ReplayBannerProps) {
  return (
    <div className="replay-banner" role="status" data-testid="replay-banner">
      <p className="replay-banner__text">
        <strong>
          Viewing <time dateTime={at}>{formatClock(Date.parse(at))}</time> — {STRINGS.notLive}
        </strong>
        <span className="replay-banner__detail">
          {error
            ? ` ${error}`
            : loading
              ? ' Loading that moment…'
              : publishedAt
                ? ` Status as published at ${formatDateTime(publishedAt)}.`
                : ''}
        </span>
      </p>
      <button type="button" className="button button--primary" onClick={onBackToLive}>
        {STRINGS.backToLive}
      </button>
    </div>
  );
}
