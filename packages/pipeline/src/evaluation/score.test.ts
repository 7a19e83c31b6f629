import { describe, expect, it } from 'vitest';
import { headline, score, type Label, type LabelledItem, type Prediction } from './score';

const item = (id: string, label: Partial<Label>): LabelledItem => ({
  id,
  title: id,
  summary: '',
  published_at: '2026-03-10T09:00:00Z',
  source: 'test',
  label: {
    is_conflict: true,
    event_type: 'armed_attack',
    fatalities: null,
    injuries: null,
    state: null,
    lga: null,
    ...label,
  },
});
const none: Prediction = {
  isConflict: false,
  eventType: null,
  fatalities: null,
  injuries: null,
  state: null,
  lga: null,
};

describe('score', () => {
  it('computes precision, recall and F1 of the conflict decision', () => {
    const items = [
      item('a', {}),
      item('b', {}),
      item('c', { is_conflict: false, event_type: 'other' }),
    ];
    const predictions = new Map<string, Prediction>([
      ['a', { ...none, isConflict: true, eventType: 'attack' }],
      ['b', none],
      ['c', { ...none, isConflict: true, eventType: 'attack' }],
    ]);
    const s = score(items, predictions);
    expect(s.conflict).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(s.errors.conflict).toEqual(['b', 'c']);
    expect(s.confusion).toEqual({ armed_attack: { attack: 1, none: 1 }, none: { attack: 1 } });
  });

  it('maps the set’s types onto the pipeline’s coarser ones', () => {
    const items = [
      item('bandits', { event_type: 'banditry' }),
      item('cult', { event_type: 'cult_violence' }),
      item('lynching', { event_type: 'other' }),
      item('wrong', { event_type: 'kidnapping' }),
    ];
    const p = (eventType: Prediction['eventType']): Prediction => ({
      ...none,
      isConflict: true,
      eventType,
    });
    const s = score(
      items,
      new Map([
        ['bandits', p('attack')],
        ['cult', p('clash')],
        ['lynching', p('mob_violence')],
        ['wrong', p('attack')],
      ]),
    );
    expect(s.type).toEqual({ right: 3, of: 4, value: 0.75 });
  });

  it('folds LGA spellings: "Municipal Area Council" is Abuja Municipal, "Dutsin-Ma" is Dutsin Ma', () => {
    const items = [
      item('amac', { state: 'Federal Capital Territory', lga: 'Municipal Area Council' }),
      item('dutsin', { state: 'Katsina', lga: 'Dutsin-Ma' }),
      item('null', { state: 'Oyo', lga: null }),
    ];
    const s = score(
      items,
      new Map<string, Prediction>([
        ['amac', { ...none, state: 'Federal Capital Territory', lga: 'Abuja Municipal' }],
        ['dutsin', { ...none, state: 'Katsina', lga: 'Dutsin Ma' }],
        ['null', { ...none, state: 'Oyo', lga: 'Ibadan North' }],
      ]),
    );
    expect(s.lga).toEqual({ right: 2, of: 3, value: 2 / 3 });
    expect(s.errors.lga).toEqual(['null']);
    expect(headline(s).state_accuracy).toBe(1);
  });

  it('says which item has no prediction', () => {
    expect(() => score([item('lost', {})], new Map())).toThrow(/lost/);
  });
});
