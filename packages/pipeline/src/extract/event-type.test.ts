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
