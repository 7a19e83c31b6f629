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

// Whole reports in the phrasings outlets use: killed and injured read together.
const REPORTS: Array<[string, string, number | null, number | null]> = [
  [
    'Gunmen kill 7 in Kaduna',
    'Gunmen on Monday killed seven villagers and injured four others in Kajuru LGA of Kaduna State.',
    7,
    4,
  ],
  [
    'Bandits kill 30 in Zamfara',
    'No fewer than 30 people were killed when bandits attacked Maru LGA of Zamfara State.',
    30,
    null,
  ],
  [
    'Death toll in Benue attack rises to 52',
    'The death toll from the attack by suspected herders on Yelwata has risen to 52, officials said. Earlier, 20 were reported killed.',
    52,
    null,
  ],
  [
    'Herders kill farmer in Benue',
    'Suspected herders killed a farmer on his farm in Guma LGA of Benue State.',
    1,
    null,
  ],
  [
    'Boko Haram kills 9 fishermen',
    'Boko Haram insurgents killed nine fishermen and injured two in Kukawa LGA of Borno State.',
    9,
    2,
  ],
  [
    'Cultists kill two in Rivers',
    'Two young men were killed and another injured in a cult clash in Ahoada, Rivers State.',
    2,
    1,
  ],
  [
    'Gunmen kill 4 police officers in Imo',
    'Four police officers were killed when gunmen attacked a checkpoint in Orlu, Imo State. Two others sustained injuries.',
    4,
    2,
  ],
  [
    'Bandits kill 20, abduct 50 in Katsina',
    'Bandits killed 20 people and abducted 50 others in Faskari LGA of Katsina State.',
    20,
    null,
  ],
  [
    'Attack leaves 15 dead in Plateau',
    'An attack by gunmen on a village in Bokkos left 15 people dead and 10 injured.',
    15,
    10,
  ],
  [
    'Suicide bomber kills 12 in Konduga',
    'A suicide bomber killed 12 people and wounded 30 at a market in Konduga, Borno State.',
    12,
    30,
  ],
  [
    'Gunmen kill twenty-three in Sokoto',
    'Twenty-three villagers were killed by bandits in Sabon Birni, Sokoto State.',
    23,
    null,
  ],
  [
    'Mob lynches suspected thief in Lagos',
    'A mob on Tuesday lynched a suspected thief at a market in Ikeja, Lagos State.',
    1,
    null,
  ],
  [
    'Troops kill 35 terrorists in Borno',
    'Troops neutralised 35 terrorists and rescued 12 hostages in Gwoza, Borno State.',
    35,
    null,
  ],
];

describe('killed and injured in one report', () => {
  it.each(REPORTS)('%s', (title, summary, fatalities, injuries) => {
    expect(counts(title, summary)).toEqual({ fatalities, injuries, isConflict: true });
  });
});
