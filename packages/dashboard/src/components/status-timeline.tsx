import { useState } from 'react';
import type { OverallStatus } from '@naija-monitor/protocol';
import type { HistoryItem } from '../console/types';
import { formatClock, formatDateTime, humanize } from '../format';
import { OVERALL_TONES } from './tones';

/** Props of {@link StatusTimeline}. */
export interface StatusTimelineProps {
  /** Publications, oldest first. */
  items: readonly HistoryItem[] | null;
  fromMs: number;
  toMs: number;
  /** The replay time shown, or null when live. */
  at: string | null;
  /** Called while dragging (`final` false) and on release (`final` true). */
  onPick: (at: string, final: boolean) => void;
  error?: string | null;
}

const WIDTH = 1000;
/** Steps of the slider: one per minute of a day is plenty for a pointer. */
const STEPS = 1440;

interface Segment {
  fromMs: number;
  toMs: number;
  status: OverallStatus;
}

/** Consecutive publications of the same status merged into one coloured stretch. */
export function statusSegments(
  items: readonly HistoryItem[],
  fromMs: number,
  toMs: number,
): Segment[] {
  const segments: Segment[] = [];
  items.forEach((item, index) => {
    const start = Math.max(fromMs, Date.parse(item.at));
    const next = items[index + 1];
    const end = Math.min(toMs, next ? Date.parse(next.at) : toMs);
    if (!(end > start)) return;
    const last = segments[segments.length - 1];
    if (last && last.status === item.overall_status && last.toMs >= start) last.toMs = end;
    else segments.push({ fromMs: start, toMs: end, status: item.overall_status });
  });
  return segments;
}

/**
 * Overall status over the chosen range as a coloured strip. A native range input lies over
 * it, so clicking, dragging, arrow keys and screen readers all pick a moment to replay.
 */
export function StatusTimeline({ items, fromMs, toMs, at, onPick, error }: StatusTimelineProps) {
  const span = Math.max(1, toMs - fromMs);
  const segments = items ? statusSegments(items, fromMs, toMs) : [];
  const atMs = at ? Date.parse(at) : toMs;
  // The slider's position while dragging, before the parent has caught up.
  const [pending, setPending] = useState<number | null>(null);
  const step =
    pending ?? Math.round(((Math.min(Math.max(atMs, fromMs), toMs) - fromMs) / span) * STEPS);
  const timeOf = (value: string) => new Date(fromMs + (Number(value) / STEPS) * span).toISOString();
  const x = (ms: number) => ((ms - fromMs) / span) * WIDTH;

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline__track">
        <svg
          className="timeline__strip"
          viewBox={`0 0 ${WIDTH} 20`}
          preserveAspectRatio="none"
          aria-hidden="true"
          focusable="false"
        >
          <rect className="timeline__empty" x="0" y="0" width={WIDTH} height="20" />
          {segments.map((segment) => (
            <rect
              key={segment.fromMs}
              className={`timeline__segment timeline__segment--${OVERALL_TONES[segment.status]}`}
              x={x(segment.fromMs)}
              y="0"
              width={Math.max(1, x(segment.toMs) - x(segment.fromMs))}
              height="20"
            >
              <title>{`${humanize(segment.status)} from ${formatDateTime(new Date(segment.fromMs).toISOString())}`}</title>
            </rect>
          ))}
          {at && (
            <rect className="timeline__cursor" x={x(atMs) - 1.5} y="0" width="3" height="20" />
          )}
        </svg>
        <input
          className="timeline__slider"
          type="range"
          min={0}
          max={STEPS}
          value={step}
          aria-label="Replay the status at"
          aria-valuetext={at ? formatDateTime(at) : 'Live'}
          onChange={(event) => {
            setPending(Number(event.target.value));
            onPick(timeOf(event.target.value), false);
          }}
          onPointerUp={(event) => {
            setPending(null);
            onPick(timeOf(event.currentTarget.value), true);
          }}
          onKeyUp={(event) => {
            if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End') {
              setPending(null);
              onPick(timeOf(event.currentTarget.value), true);
            }
          }}
        />
      </div>
      <div className="timeline__axis" aria-hidden="true">
        <span>{formatClock(fromMs)}</span>
        <span>{error ? error : items && items.length === 0 ? 'no stored history yet' : ''}</span>
        <span>now</span>
      </div>
    </div>
  );
}
