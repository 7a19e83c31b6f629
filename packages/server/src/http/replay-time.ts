import { Type } from '@sinclair/typebox';
import { InvalidInputError } from '../errors';
import { queryTime } from './history-routes';

/**
 * The console's `?at=` (issue #16): a moment to read the data as of, for replay. Accepted when it
 * is an ISO-8601 time, not in the future beyond a small clock skew, and not older than what the
 * status history keeps (`STATUS_HISTORY_DAYS`): the timeline cannot reach further back, and rows
 * that old may already be gone to retention. Anything else is a 400 naming `querystring.at`.
 */

/** How far ahead of the server's clock an `at` may be (a browser clock running fast). */
export const REPLAY_MAX_SKEW_MS = 60_000;

/** The `at` query parameter's schema (format checked again by {@link replayTime}). */
export const ReplayAtSchema = Type.String({
  format: 'date-time',
  maxLength: 40,
  description:
    'Replay: read the data as of this moment (rows at or before it; windows end at it). Not in the future, not before the status history retention.',
});

/** Bounds of an acceptable `at`. */
export interface ReplayBounds {
  /** How long published documents are kept (`STATUS_HISTORY_DAYS`), in ms. */
  retentionMs: number;
  /** @default REPLAY_MAX_SKEW_MS */
  maxSkewMs?: number;
}

/** Parses and bounds `?at=`; undefined when absent. Throws {@link InvalidInputError} otherwise. */
export function replayTime(
  text: string | undefined,
  now: Date,
  bounds: ReplayBounds,
): Date | undefined {
  if (text === undefined) return undefined;
  const field = 'querystring.at';
  const at = queryTime(field, text);
  const skew = bounds.maxSkewMs ?? REPLAY_MAX_SKEW_MS;
  if (at.getTime() > now.getTime() + skew) {
    throw new InvalidInputError(
      field,
      `${text} is in the future (server time ${now.toISOString()})`,
    );
  }
  const oldest = new Date(now.getTime() - bounds.retentionMs);
  if (at < oldest) {
    throw new InvalidInputError(
      field,
      `${text} is before ${oldest.toISOString()}: replay reaches back ${Math.round(bounds.retentionMs / 86_400_000)} days (STATUS_HISTORY_DAYS)`,
    );
  }
  return at;
}
