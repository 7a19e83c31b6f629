import type {
  AlertSeverity,
  AlertState,
  OverallStatus,
  PipelineStage,
  QualityStatus,
  SourceHealth,
} from '@naija-monitor/protocol';

/** Colour families of badges and indicators (CSS classes `badge--<tone>`). */
export type Tone = 'good' | 'warn' | 'bad' | 'critical' | 'info' | 'neutral';

/** Tone of the pipeline's overall status. */
export const OVERALL_TONES: Record<OverallStatus, Tone> = {
  healthy: 'good',
  degraded: 'warn',
  unhealthy: 'bad',
  unknown: 'neutral',
};

/** Tone of a source's state. */
export const SOURCE_TONES: Record<SourceHealth['state'], Tone> = {
  ok: 'good',
  empty: 'neutral',
  failing: 'bad',
  running: 'info',
  never_run: 'neutral',
  disabled: 'neutral',
};

/** Tone of a stage's state. */
export const STAGE_TONES: Record<PipelineStage['state'], Tone> = {
  succeeded: 'good',
  running: 'info',
  failed: 'bad',
  skipped: 'neutral',
  pending: 'neutral',
  unknown: 'neutral',
};

/** Tone of an anomaly's or alert's severity. */
export const SEVERITY_TONES: Record<AlertSeverity, Tone> = {
  low: 'info',
  medium: 'warn',
  high: 'bad',
  critical: 'critical',
};

/** Tone of an alert's lifecycle state. */
export const ALERT_STATE_TONES: Record<AlertState, Tone> = {
  pending: 'warn',
  firing: 'bad',
  recovering: 'info',
  resolved: 'good',
};

/** Tone of the data quality status. */
export const QUALITY_TONES: Record<QualityStatus, Tone> = {
  healthy: 'good',
  warning: 'warn',
  error: 'bad',
  pending: 'neutral',
};

/** Sort rank of a severity, most severe first. */
export const SEVERITY_RANK: Record<AlertSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};
