import { describe, expect, it } from 'vitest';
import { extractWithRules } from './rule-extractor';

function read(title: string, summary: string) {
  const e = extractWithRules({
    title,
    summary,
    publishedAt: new Date('2026-03-10T09:00:00Z'),
    fetchedAt: new Date('2026-03-10T09:00:00Z'),
  });
  return { isConflict: e.isConflict, type: e.eventType };
}

describe('event type: the headline leads', () => {
  it('codes "kill farmer, abduct wife" by the killing, "abduct 20, kill one" by the abduction', () => {
    expect(
      read(
        'Gunmen kill farmer, abduct wife in Delta',
        'Gunmen killed a farmer and abducted his wife.',
      ).type,
    ).toBe('attack');
    expect(
      read(
        'Gunmen abduct 20 travellers, kill driver',
        'Gunmen abducted 20 travellers and killed the driver.',
      ).type,
    ).toBe('kidnapping');
  });

  it('codes an insurgent attack that troops repel as an attack, not an operation', () => {
    expect(
      read(
        'Troops repel ISWAP attack on Monguno',
        'Troops repelled an attack by ISWAP insurgents on Monguno, killing nine insurgents.',
      ).type,
    ).toBe('attack');
  });

  it('reads "three soldiers killed" in a headline as the soldiers dying', () => {
    expect(
      read(
        'Insurgents ambush convoy; three soldiers killed',
        'Insurgents ambushed a convoy in Borno State.',
      ).type,
    ).toBe('attack');
  });

  it('codes a protest that turned violent as a protest, whatever the headline', () => {
    expect(
      read(
        'Two killed, shops looted in Kano',
        'Two persons were killed as the protest over fuel prices turned violent.',
      ).type,
    ).toBe('protest');
  });
});

describe('conflict precision: not events', () => {
  it.each([
    [
      'Fuel subsidy removal killed corruption, says minister',
      'The minister said the reform had killed corruption in the sector.',
    ],
    ['Prices are killing us, traders lament', 'Traders said the cost of living is killing them.'],
    [
      'Police parade 9 suspected kidnappers in Ilorin',
      'The command paraded nine suspected kidnappers arrested over abductions.',
    ],
    [
      'Ten years after, Chibok remembers abducted schoolgirls',
      'Parents marked the anniversary of the abduction by Boko Haram insurgents.',
    ],
    [
      'UNHCR: 5,000 refugees return to Borno',
      'The refugees fled insurgent attacks on their communities years ago.',
    ],
  ])('%s', (title, summary) => {
    expect(read(title, summary).isConflict).toBe(false);
  });

  it('keeps a fresh attack that recalls an older one', () => {
    expect(
      read(
        'Gunmen attack Igangan again, kill five',
        'Five persons were killed, years after a similar attack on the town.',
      ).isConflict,
    ).toBe(true);
  });
});

// One report of each kind, in the phrasings outlets use.
const TYPED: Array<[string, string, string]> = [
  [
    'Airstrike kills 20 villagers in Zamfara',
    'A military airstrike targeting bandits killed 20 villagers in Maru LGA, Zamfara State.',
    'military_operation',
  ],
  [
    'Farmers, herders clash in Benue; 6 dead',
    'Six people were killed when farmers and herders clashed in Guma LGA of Benue State.',
    'clash',
  ],
  [
    'Rival cult groups clash in Calabar, 3 killed',
    'Three persons were killed as rival cult groups clashed in Calabar, Cross River State.',
    'clash',
  ],
  [
    'Pirates attack passenger boat in Bayelsa, kill 2',
    'Sea pirates attacked a passenger boat in Southern Ijaw, Bayelsa State, killing two passengers.',
    'attack',
  ],
  [
    'Suicide bombers kill 8 at Borno market',
    'Two suicide bombers detonated explosives at a market in Konduga, Borno State, killing eight people.',
    'bombing',
  ],
  [
    'Police kill 3 protesters in Abuja',
    'Police fired live rounds at protesters in Abuja, killing three, witnesses said.',
    'protest',
  ],
  [
    'Mob burns suspected kidnapper in Ogun',
    'An angry mob set ablaze a suspected kidnapper in Ijebu-Ode, Ogun State.',
    'mob_violence',
  ],
  [
    'Bandits abduct 40 passengers in Niger State',
    'Bandits on Sunday abducted 40 passengers travelling along a road in Rafi LGA of Niger State.',
    'kidnapping',
  ],
  [
    'Troops raid IPOB camp, kill 5 in Imo',
    'Troops raided a camp of IPOB militants in Orsu, Imo State, killing five of them.',
    'military_operation',
  ],
  [
    'Mortar shells kill 4 in Maiduguri suburb',
    'Four people were killed when mortar shells fired by insurgents landed in Jere, Borno State.',
    'bombing',
  ],
  [
    'Kidnappers kill victim despite ransom in Kogi',
    'Kidnappers killed a trader they abducted last week in Kogi State despite a ransom paid by his family.',
    'attack',
  ],
];

describe('event type of common reports', () => {
  it.each(TYPED)('%s → %s', (title, summary, type) => {
    expect(read(title, summary)).toEqual({ isConflict: true, type });
  });
});
