// Guards the hand-labelled evaluation set (issue #18): the shape every scorer relies on,
// and the coverage the set promises in README.md, so an edit cannot quietly drop a state,
// an event type or the non-conflict hard cases, or leak an article into both splits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const STATES = [
  'Abia',
  'Adamawa',
  'Akwa Ibom',
  'Anambra',
  'Bauchi',
  'Bayelsa',
  'Benue',
  'Borno',
  'Cross River',
  'Delta',
  'Ebonyi',
  'Edo',
  'Ekiti',
  'Enugu',
  'Gombe',
  'Imo',
  'Jigawa',
  'Kaduna',
  'Kano',
  'Katsina',
  'Kebbi',
  'Kogi',
  'Kwara',
  'Lagos',
  'Nasarawa',
  'Niger',
  'Ogun',
  'Ondo',
  'Osun',
  'Oyo',
  'Plateau',
  'Rivers',
  'Sokoto',
  'Taraba',
  'Yobe',
  'Zamfara',
  'Federal Capital Territory',
] as const;

const FCT_AREA_COUNCILS = [
  'Abaji',
  'Bwari',
  'Gwagwalada',
  'Kuje',
  'Kwali',
  'Municipal Area Council',
] as const;

const EVENT_TYPES = [
  'armed_attack',
  'kidnapping',
  'bombing',
  'communal_clash',
  'banditry',
  'cult_violence',
  'protest_violence',
  'military_operation',
  'other',
] as const;

const SOURCES = [
  'Punch',
  'Vanguard',
  'Premium Times',
  'Daily Trust',
  'The Guardian',
  'Channels TV',
  'Sahara Reporters',
  'The Cable',
  'Leadership',
  'ThisDay',
  'HumAngle',
] as const;

interface Label {
  is_conflict: boolean;
  event_type: (typeof EVENT_TYPES)[number];
  fatalities: number | null;
  injuries: number | null;
  state: string | null;
  lga: string | null;
}

interface Article {
  id: string;
  title: string;
  summary: string;
  published_at: string;
  source: string;
  label: Label;
  notes?: string;
}

const ARTICLE_KEYS = ['id', 'label', 'notes', 'published_at', 'source', 'summary', 'title'];
const LABEL_KEYS = ['event_type', 'fatalities', 'injuries', 'is_conflict', 'lga', 'state'];

function load(split: 'dev' | 'test'): Article[] {
  const text = readFileSync(new URL(`./${split}.json`, import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`${split}.json must hold a JSON array`);
  return parsed as Article[];
}

const dev = load('dev');
const test = load('test');
const all = [...dev, ...test];
const conflicts = all.filter((a) => a.label.is_conflict);

function isCount(value: unknown): boolean {
  return value === null || (Number.isInteger(value) && (value as number) >= 0);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Every problem with one article, as readable strings; empty when it is well formed. */
function problems(a: Article): string[] {
  const out: string[] = [];
  const extra = Object.keys(a).filter((k) => !ARTICLE_KEYS.includes(k));
  if (extra.length > 0) out.push(`unknown fields ${extra.join(', ')}`);
  if (typeof a.id !== 'string' || !/^eval-\d{3}$/.test(a.id)) out.push('id is not eval-NNN');
  if (typeof a.title !== 'string' || a.title.trim() === '' || a.title.length > 200) {
    out.push('title must be 1-200 characters');
  }
  if (typeof a.summary !== 'string' || wordCount(a.summary) < 40 || wordCount(a.summary) > 120) {
    out.push('summary must be 40-120 words');
  }
  if (
    typeof a.published_at !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(a.published_at) ||
    Number.isNaN(Date.parse(a.published_at))
  ) {
    out.push('published_at must be an ISO UTC timestamp');
  }
  if (!(SOURCES as readonly string[]).includes(a.source)) out.push(`unknown source ${a.source}`);
  if (a.notes !== undefined && (typeof a.notes !== 'string' || a.notes === '')) {
    out.push('notes, when present, must be a non-empty string');
  }
  const l = a.label;
  if (typeof l !== 'object' || l === null) return [...out, 'label missing'];
  const labelKeys = Object.keys(l).sort();
  if (labelKeys.join() !== LABEL_KEYS.join()) out.push(`label keys ${labelKeys.join(', ')}`);
  if (typeof l.is_conflict !== 'boolean') out.push('is_conflict must be boolean');
  if (!(EVENT_TYPES as readonly string[]).includes(l.event_type)) {
    out.push(`unknown event_type ${String(l.event_type)}`);
  }
  if (!isCount(l.fatalities)) out.push('fatalities must be null or a non-negative integer');
  if (!isCount(l.injuries)) out.push('injuries must be null or a non-negative integer');
  if (l.state !== null && !(STATES as readonly string[]).includes(l.state)) {
    out.push(`unknown state ${l.state}`);
  }
  if (l.lga !== null && (typeof l.lga !== 'string' || l.lga.trim() === '')) {
    out.push('lga must be null or a non-empty string');
  }
  if (l.lga !== null && l.state === null) out.push('an lga needs its state');
  if (
    l.state === 'Federal Capital Territory' &&
    l.lga !== null &&
    !(FCT_AREA_COUNCILS as readonly string[]).includes(l.lga)
  ) {
    out.push(`${l.lga} is not an FCT area council`);
  }
  if (l.is_conflict === false) {
    // A non-conflict article reports no event: nothing to code but the "other" type.
    if (l.event_type !== 'other') out.push('non-conflict articles take event_type other');
    if (l.fatalities !== null || l.injuries !== null || l.state !== null || l.lga !== null) {
      out.push('non-conflict articles leave fatalities, injuries, state and lga null');
    }
  }
  return out;
}

describe('evaluation set: shape', () => {
  it('every article in both splits is well formed', () => {
    const bad = all
      .map((a) => ({ id: a.id, problems: problems(a) }))
      .filter((r) => r.problems.length > 0);
    expect(bad).toEqual([]);
  });

  it('ids are unique and no id appears in both splits', () => {
    const ids = all.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const devIds = new Set(dev.map((a) => a.id));
    expect(test.filter((a) => devIds.has(a.id)).map((a) => a.id)).toEqual([]);
  });

  it('no article text appears twice', () => {
    const texts = all.map((a) => `${a.title}\n${a.summary}`);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('evaluation set: coverage', () => {
  it('holds at least 170 articles, about 40 % of them in dev', () => {
    expect(all.length).toBeGreaterThanOrEqual(170);
    const share = dev.length / all.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.5);
  });

  it('every state and the FCT is the true state of a conflict article', () => {
    const covered = new Set(conflicts.map((a) => a.label.state));
    expect(STATES.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('the test split alone covers every state and the FCT', () => {
    const covered = new Set(test.filter((a) => a.label.is_conflict).map((a) => a.label.state));
    expect(STATES.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('every event type appears at least 5 times', () => {
    const counts = new Map<string, number>();
    for (const a of all) counts.set(a.label.event_type, (counts.get(a.label.event_type) ?? 0) + 1);
    expect(EVENT_TYPES.filter((t) => (counts.get(t) ?? 0) < 5)).toEqual([]);
  });

  it('at least 40 articles are not conflict events, and both splits hold some', () => {
    const nonConflict = (xs: Article[]) => xs.filter((a) => !a.label.is_conflict).length;
    expect(nonConflict(all)).toBeGreaterThanOrEqual(40);
    expect(nonConflict(dev)).toBeGreaterThanOrEqual(10);
    expect(nonConflict(test)).toBeGreaterThanOrEqual(10);
  });

  it('both splits hold conflict articles whose state is known but whose LGA is not', () => {
    const unknownLga = (xs: Article[]) =>
      xs.filter((a) => a.label.is_conflict && a.label.state !== null && a.label.lga === null);
    expect(unknownLga(dev).length).toBeGreaterThan(0);
    expect(unknownLga(test).length).toBeGreaterThan(0);
  });
});
