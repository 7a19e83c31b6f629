import type { EventType } from '../extract/extractor';
import { lgaForDivision } from '../geo/geonames-derive';
import { STATE_NAMES, type StateName } from '../geo/nigeria-states';
import { placeKey } from '../geo/place-name';

/**
 * Scores the pipeline's extraction and geocoding against hand labels: pure, predictions and
 * labels in, figures out. The labels are those of `evaluation/*.json` (see its README).
 */

/** The event types of the evaluation set's labels. */
export type LabelEventType =
  | 'armed_attack'
  | 'kidnapping'
  | 'bombing'
  | 'communal_clash'
  | 'banditry'
  | 'cult_violence'
  | 'protest_violence'
  | 'military_operation'
  | 'other';

/** A hand label: what a careful coder reads in the article (ACLED conventions). */
export interface Label {
  is_conflict: boolean;
  event_type: LabelEventType;
  fatalities: number | null;
  injuries: number | null;
  state: string | null;
  lga: string | null;
}

/** One labelled article of `evaluation/dev.json` or `test.json`. */
export interface LabelledItem {
  id: string;
  title: string;
  summary: string;
  published_at: string;
  source: string;
  label: Label;
  notes?: string;
}

/** What the pipeline said about one article. */
export interface Prediction {
  isConflict: boolean;
  eventType: EventType | null;
  fatalities: number | null;
  injuries: number | null;
  state: StateName | null;
  lga: string | null;
}

/**
 * The pipeline's types that count as right for each label type. The pipeline codes seven
 * coarser types: it has no "banditry" (a bandits' raid is an `attack`) nor "cult_violence" (a
 * cult's killing is an `attack`, rival cults fighting a `clash`), and codes a lynching, which
 * the set calls `other`, as `mob_violence`.
 */
export const TYPE_MATCHES: Readonly<Record<LabelEventType, readonly EventType[]>> = {
  armed_attack: ['attack'],
  banditry: ['attack'],
  kidnapping: ['kidnapping'],
  bombing: ['bombing'],
  communal_clash: ['clash'],
  cult_violence: ['attack', 'clash'],
  protest_violence: ['protest'],
  military_operation: ['military_operation'],
  other: ['mob_violence'],
};

/** A share with the counts behind it. */
export interface Ratio {
  right: number;
  of: number;
  /** `right / of`, or 1 when `of` is 0 (nothing to get wrong). */
  value: number;
}

/** The figures the issue asks for, and what is behind them. */
export interface Scores {
  items: number;
  conflict: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
  /** On true conflicts: the pipeline called it a conflict of a matching type. */
  type: Ratio;
  /** On true conflicts: the exact number, or null for null. */
  fatalities: Ratio;
  injuries: Ratio;
  /** On true conflicts: the same state (or both null). */
  state: Ratio;
  /** On true conflicts: the same LGA, spellings folded (or both null). */
  lga: Ratio;
  /** Label type (or `none` for non-conflicts) → predicted type (or `none`) → count. */
  confusion: Record<string, Record<string, number>>;
  /** Per field, the ids of the items got wrong. */
  errors: Record<'conflict' | 'type' | 'fatalities' | 'injuries' | 'state' | 'lga', string[]>;
}

/** Scores predictions, by item id, against the items' labels. */
export function score(
  items: readonly LabelledItem[],
  predictions: ReadonlyMap<string, Prediction>,
): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const counts: Record<'type' | 'fatalities' | 'injuries' | 'state' | 'lga', [number, number]> = {
    type: [0, 0],
    fatalities: [0, 0],
    injuries: [0, 0],
    state: [0, 0],
    lga: [0, 0],
  };
  const errors: Scores['errors'] = {
    conflict: [],
    type: [],
    fatalities: [],
    injuries: [],
    state: [],
    lga: [],
  };
  const confusion: Record<string, Record<string, number>> = {};
  const tally = (field: keyof typeof counts, ok: boolean, id: string): void => {
    counts[field][1] += 1;
    if (ok) counts[field][0] += 1;
    else errors[field].push(id);
  };

  for (const item of items) {
    const p = predictions.get(item.id);
    if (!p) throw new Error(`No prediction for evaluation item ${item.id}: predict every item.`);
    const l = item.label;
    if (l.is_conflict && p.isConflict) tp += 1;
    else if (!l.is_conflict && p.isConflict) fp += 1;
    else if (l.is_conflict && !p.isConflict) fn += 1;
    if (l.is_conflict !== p.isConflict) errors.conflict.push(item.id);

    const row = l.is_conflict ? l.event_type : 'none';
    const col = p.isConflict ? (p.eventType ?? 'none') : 'none';
    confusion[row] ??= {};
    confusion[row][col] = (confusion[row][col] ?? 0) + 1;

    if (!l.is_conflict) continue;
    tally(
      'type',
      p.isConflict && p.eventType !== null && TYPE_MATCHES[l.event_type].includes(p.eventType),
      item.id,
    );
    tally('fatalities', p.fatalities === l.fatalities, item.id);
    tally('injuries', p.injuries === l.injuries, item.id);
    tally('state', p.state === l.state, item.id);
    tally('lga', sameLga(l.state, l.lga, p.state, p.lga), item.id);
  }

  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const ratio = ([right, of]: number[]): Ratio => ({
    right: right!,
    of: of!,
    value: of === 0 ? 1 : right! / of!,
  });
  return {
    items: items.length,
    conflict: {
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      tp,
      fp,
      fn,
    },
    type: ratio(counts.type),
    fatalities: ratio(counts.fatalities),
    injuries: ratio(counts.injuries),
    state: ratio(counts.state),
    lga: ratio(counts.lga),
    confusion,
    errors,
  };
}

// The set spells LGAs as INEC and the FCT's area councils as "Municipal Area Council"; the
// geocoder may write "Dutsin Ma" for "Dutsin-Ma": fold both through the LGA list and aliases.
function sameLga(
  labelState: string | null,
  labelLga: string | null,
  state: StateName | null,
  lga: string | null,
): boolean {
  if (labelLga === null || lga === null) return labelLga === lga;
  if (labelState === null || labelState !== state) return false;
  const canonical = isState(labelState)
    ? (lgaForDivision(labelState, labelLga) ?? labelLga)
    : labelLga;
  return placeKey(canonical) === placeKey(lga);
}

function isState(name: string): name is StateName {
  return (STATE_NAMES as readonly string[]).includes(name);
}

/** The figures that CI keeps from falling: `evaluation/baseline.json`. */
export interface Floors {
  conflict_precision: number;
  conflict_recall: number;
  conflict_f1: number;
  type_accuracy: number;
  fatalities_exact: number;
  state_accuracy: number;
  lga_accuracy: number;
}

/** The figures of {@link Scores} that {@link Floors} names. */
export function headline(scores: Scores): Floors {
  return {
    conflict_precision: scores.conflict.precision,
    conflict_recall: scores.conflict.recall,
    conflict_f1: scores.conflict.f1,
    type_accuracy: scores.type.value,
    fatalities_exact: scores.fatalities.value,
    state_accuracy: scores.state.value,
    lga_accuracy: scores.lga.value,
  };
}

/** A per-field table for a log: one line per figure. */
export function formatTable(split: string, scores: Scores): string {
  const pct = (x: number) => x.toFixed(3);
  const r = (x: Ratio) => `${pct(x.value)}  (${x.right}/${x.of})`;
  const c = scores.conflict;
  return [
    `evaluation: ${split} split, ${scores.items} articles`,
    `  conflict precision   ${pct(c.precision)}  (tp ${c.tp}, fp ${c.fp})`,
    `  conflict recall      ${pct(c.recall)}  (fn ${c.fn})`,
    `  conflict F1          ${pct(c.f1)}`,
    `  type accuracy        ${r(scores.type)}   on true conflicts`,
    `  fatalities exact     ${r(scores.fatalities)}`,
    `  injuries exact       ${r(scores.injuries)}`,
    `  state                ${r(scores.state)}`,
    `  LGA                  ${r(scores.lga)}`,
  ].join('\n');
}
