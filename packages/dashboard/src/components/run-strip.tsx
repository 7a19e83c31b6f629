import type { SourceRun } from '../console/types';
import { formatDateTime } from '../format';

/** Props of {@link RunStrip}. */
export interface RunStripProps {
  /** Newest first, as the API answers. */
  runs: readonly SourceRun[];
}

const CELL = 8;
const GAP = 2;

/**
 * Each run as one small square, oldest left: success, empty, failed, running. An SVG with
 * classes for colour (the CSP forbids inline styles); the counts below say the same in words.
 */
export function RunStrip({ runs }: RunStripProps) {
  const ordered = [...runs].reverse();
  const width = Math.max(1, ordered.length * (CELL + GAP));
  const count = (status: SourceRun['status']) => runs.filter((run) => run.status === status).length;
  return (
    <figure className="run-strip" data-testid="run-strip">
      <svg
        className="run-strip__svg"
        viewBox={`0 0 ${width} ${CELL}`}
        width={width * 2}
        height={CELL * 2}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${runs.length} runs: ${count('success')} succeeded, ${count('empty')} empty, ${count('failed')} failed`}
      >
        {ordered.map((run, index) => (
          <rect
            key={run.id}
            className={`run-strip__run run-strip__run--${run.status}`}
            x={index * (CELL + GAP)}
            y="0"
            width={CELL}
            height={CELL}
            rx="1.5"
          >
            <title>{`${formatDateTime(run.started_at)}: ${run.status}${run.error ? ` (${run.error})` : ''}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption className="run-strip__legend">
        <span className="legend legend--success">{count('success')} success</span>
        <span className="legend legend--empty">{count('empty')} empty</span>
        <span className="legend legend--failed">{count('failed')} failed</span>
        {count('running') > 0 && (
          <span className="legend legend--running">{count('running')} running</span>
        )}
      </figcaption>
    </figure>
  );
}
