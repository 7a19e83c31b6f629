import type { GeoPrecision } from '../geo/geocoder';
import { insideNigeria } from '../geo/nigeria-states';

/** The monitor's `conflict_events.validation_status`, minus `pending`. */
export type ValidationStatus = 'passed' | 'needs_review' | 'rejected';

/** Reasons an event is held for review or rejected; stored in `validation_reasons`. */
export type ValidationReason =
  | 'missing_event_type'
  | 'missing_event_date'
  | 'date_in_future'
  | 'date_stale'
  | 'date_too_old'
  | 'no_location'
  | 'outside_nigeria'
  | 'fatalities_high'
  | 'fatalities_implausible'
  | 'injuries_implausible'
  | 'low_confidence';

/** What the validator checks: an extracted, geocoded event. */
export interface EventToValidate {
  eventType: string | null;
  /** `YYYY-MM-DD`. */
  eventDate: string | null;
  precision: GeoPrecision;
  /** True when the text names only places outside Nigeria. */
  foreign: boolean;
  latitude: number | null;
  longitude: number | null;
  fatalities: number | null;
  injuries: number | null;
  confidence: number;
}

/** Thresholds of {@link validateEvent}. */
export interface ValidationRules {
  /** Events older than this many days are held for review. @default 30 */
  reviewAfterDays: number;
  /** Events older than this are rejected. @default 365 */
  rejectAfterDays: number;
  /** More deaths than this in one report are held for review. @default 200 */
  reviewFatalitiesAbove: number;
  /** More than this is not one event: rejected. @default 1000 */
  rejectFatalitiesAbove: number;
  /** Below this confidence an event is held for review. @default 0.5 */
  minConfidence: number;
}

/** The defaults; see {@link ValidationRules}. */
export const DEFAULT_VALIDATION_RULES: ValidationRules = {
  reviewAfterDays: 30,
  rejectAfterDays: 365,
  reviewFatalitiesAbove: 200,
  rejectFatalitiesAbove: 1000,
  minConfidence: 0.5,
};

const REJECTING = new Set<ValidationReason>([
  'missing_event_type',
  'missing_event_date',
  'date_in_future',
  'date_too_old',
  'outside_nigeria',
  'fatalities_implausible',
  'injuries_implausible',
]);

/**
 * Checks an event against the rules. Any rejecting reason rejects it; any other reason holds
 * it for review; no reason passes it. `today` is the validation day, `YYYY-MM-DD` in Nigeria.
 */
export function validateEvent(
  event: EventToValidate,
  today: string,
  rules: ValidationRules = DEFAULT_VALIDATION_RULES,
): { status: ValidationStatus; reasons: ValidationReason[] } {
  const reasons: ValidationReason[] = [];
  if (!event.eventType) reasons.push('missing_event_type');
  if (!event.eventDate || !/^\d{4}-\d{2}-\d{2}$/.test(event.eventDate)) {
    reasons.push('missing_event_date');
  } else {
    const ageDays =
      (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${event.eventDate}T00:00:00Z`)) / 86_400_000;
    if (ageDays < 0) reasons.push('date_in_future');
    else if (ageDays > rules.rejectAfterDays) reasons.push('date_too_old');
    else if (ageDays > rules.reviewAfterDays) reasons.push('date_stale');
  }
  if (event.precision === 'none' && event.foreign) {
    reasons.push('outside_nigeria');
  } else if (event.precision === 'none' || event.latitude === null || event.longitude === null) {
    reasons.push('no_location');
  } else if (!insideNigeria({ latitude: event.latitude, longitude: event.longitude })) {
    reasons.push('outside_nigeria');
  }
  if (event.fatalities !== null) {
    if (event.fatalities > rules.rejectFatalitiesAbove) reasons.push('fatalities_implausible');
    else if (event.fatalities > rules.reviewFatalitiesAbove) reasons.push('fatalities_high');
  }
  if (event.injuries !== null && event.injuries > rules.rejectFatalitiesAbove * 5)
    reasons.push('injuries_implausible');
  if (event.confidence < rules.minConfidence) reasons.push('low_confidence');
  const status = reasons.some((r) => REJECTING.has(r))
    ? 'rejected'
    : reasons.length > 0
      ? 'needs_review'
      : 'passed';
  return { status, reasons };
}
