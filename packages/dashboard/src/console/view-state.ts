import { TIME_RANGES, type TimeRange } from './types';

/** The page's views; `overview` is the original dashboard. */
export type ViewName = 'overview' | 'map' | 'history' | 'source' | 'quality';
export const VIEW_NAMES: readonly ViewName[] = ['overview', 'map', 'history', 'source', 'quality'];

/**
 * What the operator is looking at, kept in the address so a link shows the same thing:
 * `?view=source&source=punch&range=7d&at=2026-01-28T03:12:00Z`.
 */
export interface ViewState {
  view: ViewName;
  range: TimeRange;
  /** Selected source id (source drill-down). */
  source: string | null;
  /** Selected state name (map). */
  state: string | null;
  /** Replay time (ISO); null is live. */
  at: string | null;
}

export const DEFAULT_VIEW: ViewState = {
  view: 'overview',
  range: '24h',
  source: null,
  state: null,
  at: null,
};

const KEYS = ['view', 'range', 'source', 'state', 'at'] as const;
/** Ids and state names are short; anything longer is not ours. */
const MAX_PARAM = 100;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function shortText(value: string | null): string | null {
  return value !== null && value.length > 0 && value.length <= MAX_PARAM ? value : null;
}

/** Reads the view from `location.search`; unknown or malformed values fall back to defaults. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const at = shortText(params.get('at'));
  return {
    view: oneOf(params.get('view'), VIEW_NAMES) ?? DEFAULT_VIEW.view,
    range: oneOf(params.get('range'), TIME_RANGES) ?? DEFAULT_VIEW.range,
    source: shortText(params.get('source')),
    state: shortText(params.get('state')),
    at: at !== null && Number.isFinite(Date.parse(at)) ? new Date(at).toISOString() : null,
  };
}

/**
 * Writes the view into a search string, keeping parameters that are not ours (`api`) and
 * leaving defaults out so a plain link stays plain.
 */
export function serializeViewState(view: ViewState, currentSearch: string): string {
  const params = new URLSearchParams(currentSearch);
  for (const key of KEYS) params.delete(key);
  if (view.view !== DEFAULT_VIEW.view) params.set('view', view.view);
  if (view.range !== DEFAULT_VIEW.range) params.set('range', view.range);
  if (view.source) params.set('source', view.source);
  if (view.state) params.set('state', view.state);
  if (view.at) params.set('at', view.at);
  const text = params.toString();
  return text ? `?${text}` : '';
}
