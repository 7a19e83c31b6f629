import { STAGE_NAMES, type PipelineStage } from '@naija-monitor/protocol';
import { formatCount, formatDurationMs, humanize, NO_VALUE } from '../format';
import { Badge } from './badge';
import { Panel } from './panel';
import { Skeleton } from './skeleton';
import { STAGE_TONES } from './tones';
import { TimeAgo } from './time-ago';

/** Props of {@link StagesPanel}. */
export interface StagesPanelProps {
  /** `status.pipeline_stages`, or null until the first status. */
  stages: PipelineStage[] | null;
  /** `status.last_run`: when the newest run started. */
  lastRun: string | null;
  nowMs: number;
}

/**
 * The pipeline's five stages in order, each with its state, items done of items given and the
 * duration measured by the run (never a made-up figure: a stage without one shows a dash).
 */
export function StagesPanel({ stages, lastRun, nowMs }: StagesPanelProps) {
  const loading = stages === null;
  const runId = stages?.find((stage) => stage.run_id !== null)?.run_id ?? null;
  return (
    <Panel
      id="stages"
      title="Pipeline stages"
      loading={loading}
      className="panel--stages"
      aside={
        loading ? undefined : (
          <span>
            {runId ? (
              <>
                run <code title={runId}>{runId.slice(0, 8)}</code>,{' '}
              </>
            ) : null}
            started <TimeAgo iso={lastRun} nowMs={nowMs} />
          </span>
        )
      }
    >
      <ol className="stages">
        {STAGE_NAMES.map((name, index) => {
          const stage = stages?.find((candidate) => candidate.name === name);
          return (
            <li className="stage" key={name} data-testid={`stage-${name}`}>
              <span className="stage__index" aria-hidden="true">
                {index + 1}
              </span>
              <span className="stage__name">{humanize(name)}</span>
              {loading ? (
                <span className="stage__skeleton">
                  <Skeleton variant="row" />
                </span>
              ) : (
                <StageFigures name={name} stage={stage} />
              )}
            </li>
          );
        })}
      </ol>
      <p className="panel__note stages__total" data-testid="stages-total">
        {loading ? '\u00a0' : totalText(stages)}
      </p>
    </Panel>
  );
}

function StageFigures({ name, stage }: { name: string; stage: PipelineStage | undefined }) {
  if (!stage) {
    return (
      <>
        <span className="stage__state">
          <Badge tone="neutral" srPrefix="State">
            no data
          </Badge>
        </span>
        <span className="stage__progress" />
        <span className="stage__count">{NO_VALUE}</span>
        <span className="stage__duration">{NO_VALUE}</span>
      </>
    );
  }
  const label = `${humanize(name)}: ${formatCount(stage.items)} of ${formatCount(stage.total)} items`;
  return (
    <>
      <span className="stage__state">
        <Badge tone={STAGE_TONES[stage.state]} srPrefix="State">
          {humanize(stage.state)}
        </Badge>
      </span>
      <span className="stage__progress">
        <progress
          className={`progress progress--${STAGE_TONES[stage.state]}`}
          max={Math.max(stage.total, 1)}
          value={Math.min(stage.items, Math.max(stage.total, 1))}
          aria-label={label}
        />
      </span>
      <span className="stage__count">
        {formatCount(stage.items)}
        <span className="muted"> / {formatCount(stage.total)}</span>
      </span>
      <span className="stage__duration" title="Duration measured by the run">
        {stage.duration_ms === null && stage.state === 'running'
          ? 'running'
          : formatDurationMs(stage.duration_ms)}
      </span>
    </>
  );
}

/** Sum of the measured stage durations; says so when some stage has none (still running). */
function totalText(stages: PipelineStage[]): string {
  const timed = stages.filter((stage) => stage.duration_ms !== null);
  if (timed.length === 0) return 'No stage has finished yet.';
  const totalMs = timed.reduce((sum, stage) => sum + (stage.duration_ms ?? 0), 0);
  const untimed = stages.length - timed.length;
  return untimed === 0
    ? `Measured time of all stages: ${formatDurationMs(totalMs)}.`
    : `Measured time so far: ${formatDurationMs(totalMs)} (${untimed} stage${untimed === 1 ? '' : 's'} not finished).`;
}
