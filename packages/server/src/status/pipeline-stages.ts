import { STAGE_NAMES, type PipelineStage } from '@naija-monitor/protocol';
import type { StatusRows } from '../store/status-queries';

/**
 * The five stages of the latest run, in pipeline order. A stage the run has not reported is
 * `unknown` with no counts; a running stage's duration is the time it has run so far.
 */
export function buildPipelineStages(rows: StatusRows, now: Date): PipelineStage[] {
  const runId = rows.latestRun?.id ?? null;
  return STAGE_NAMES.map((name) => {
    const stage = rows.stages.find((row) => row.stage === name);
    if (!stage)
      return { name, state: 'unknown', items: 0, total: 0, duration_ms: null, run_id: runId };
    const end = stage.finished_at ?? (stage.state === 'running' ? now : null);
    const durationMs =
      stage.started_at && end ? Math.max(0, end.getTime() - stage.started_at.getTime()) : null;
    return {
      name,
      state: stage.state,
      items: stage.items,
      total: stage.total,
      duration_ms: durationMs,
      run_id: runId,
    };
  });
}
