import { useState } from 'react';

/** Props of {@link RefreshButton}. */
export interface RefreshButtonProps {
  /** Asks the client for a fresh status now (`client.refresh()`). */
  onRefresh: () => Promise<void>;
}

/** Forces an update now. Stays the same size while busy, so the header never shifts. */
export function RefreshButton({ onRefresh }: RefreshButtonProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const refresh = async () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await onRefresh();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'refresh failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="refresh">
      <button
        type="button"
        className={busy ? 'button button--primary button--busy' : 'button button--primary'}
        onClick={refresh}
        aria-busy={busy}
        aria-describedby={failure ? 'refresh-failure' : undefined}
      >
        <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M13.6 2.4v3.8H9.8M2.4 13.6V9.8h3.8M3.1 6.2a5.2 5.2 0 0 1 9.4-1.4l1.1 1.4M12.9 9.8a5.2 5.2 0 0 1-9.4 1.4L2.4 9.8" />
        </svg>
        Refresh
      </button>
      <span className="refresh__failure" id="refresh-failure" role="status">
        {failure ? `Refresh failed: ${failure}` : ''}
      </span>
    </div>
  );
}
