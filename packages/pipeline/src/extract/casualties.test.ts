import { describe, expect, it } from 'vitest';
import { extractWithRules } from './rule-extractor';

// Counts people can trust (issue #18): the common phrasings, ACLED's conventions.
function counts(title: string, summary: string) {
  const e = extractWithRules({
    title,
    summary,
    publishedAt: new Date('2026-03-10T09:00:00Z'),
    fetchedAt: new Date('2026-03-10T09:00:00Z'),
  });
  return { fatalities: e.fatalities, injuries: e.injuries, isConflict: e.isConflict };
}

describe('fatality counts', () => {
  it.each([
    ['Gunmen killed at least 12 villagers in Bokkos, Plateau State.', 12],
    ['Bandits killed eleven farmers on Sunday.', 11],
    ['A dozen people were killed when gunmen attacked the market.', 12],
    ['Gunmen attacked the village; two people died.', 2],
    ['The attack by bandits claimed 25 lives, residents said.', 25],
    ['Nine bodies were recovered after bandits raided the village.', 9],
    ['The death toll in the attack by gunmen rose to 43 on Monday.', 43],
    ['Between 10 and 15 people were killed when gunmen stormed the town.', 10],
    ['Gunmen killed 15 to 20 villagers overnight.', 15],
    ['Over 20 people were killed by bandits in the raid.', 20],
    ['Scores of people were killed by bandits in the raid.', null],
    ['Several villagers were killed by gunmen.', null],
  ])('%s → %s', (summary, expected) => {
    expect(counts('Attack in Plateau', summary).fatalities).toBe(expected);
  });

  it('adds the dead of every side: insurgents and soldiers', () => {
    const got = counts(
      'Troops repel ISWAP attack on base',
      'Troops repelled insurgents, killing 14 of the insurgents. Two soldiers were killed in the fighting.',
    );
    expect(got.fatalities).toBe(16);
  });

  it('sums a subject list: "a policeman and three civilians died"', () => {
    const got = counts(
      'Gunmen attack police post',
      'A policeman and three civilians died when gunmen attacked.',
    );
    expect(got.fatalities).toBe(4);
  });

  it('counts "paid the supreme price" and "killed along with"', () => {
    expect(
      counts(
        'Troops kill bandits',
        'Troops neutralised six bandits. One soldier paid the supreme price.',
      ).fatalities,
    ).toBe(7);
    expect(
      counts(
        'Troops kill commander',
        'The commander was killed along with four of his fighters by troops.',
      ).fatalities,
    ).toBe(5);
  });

  it('gives 0 only when the text says nobody died', () => {
    expect(
      counts('Protesters, police clash', 'Police and protesters clashed. No death was recorded.')
        .fatalities,
    ).toBe(0);
    expect(
      counts('Protesters, police clash', 'Police and protesters clashed in the city.').fatalities,
    ).toBeNull();
  });
});

describe('injury counts', () => {
  it('does not read "killed seven people and injured scores" as seven injured', () => {
    expect(
      counts('Bandits kill seven', 'Bandits killed seven people and injured scores of others.')
        .injuries,
    ).toBeNull();
  });

  it('counts one person hurt, named rather than counted', () => {
    expect(
      counts(
        'Gunmen abduct trader',
        'Gunmen abducted a trader. His driver was shot and is in hospital.',
      ).injuries,
    ).toBe(1);
    expect(
      counts(
        'Gunmen attack bus',
        'Gunmen attacked a bus; four passengers escaped with gunshot wounds.',
      ).injuries,
    ).toBe(4);
  });
});
