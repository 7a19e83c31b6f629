import { parseCount } from './number-words';
import {
  CLAUSE_COUNT,
  CLAUSE_END,
  CLAUSE_JOIN,
  FATALITY_RULES,
  INJURY_RULES,
  KILL_CLAUSE,
  NO_FATALITIES,
  ONE_HURT,
  RANGE,
  SUBJECT_LIST,
} from './patterns';

/**
 * Counts of the dead and injured, ACLED-style:
 * - "at least 12" → 12, "over 20" → 20; a range ("10 to 15", "between 15 and 20") → the lower
 *   bound; "a dozen" → 12; "scores", "dozens", "several" → no number;
 * - the latest toll wins ("death toll rose to 43", "claimed 25 lives", "nine bodies"): the
 *   largest figure of one side;
 * - the dead of every side add up: attackers ("21 insurgents"), security forces ("three
 *   soldiers") and everyone else are counted apart, and the largest figure of each is summed;
 * - 0 only when the text says nobody died.
 */

type Side = 'attackers' | 'forces' | 'others';

const ATTACKERS =
  /\b(attackers|assailants|gunm[ae]n|terrorists?|bandits?|insurgents?|militants?|fighters?|kidnappers?|cultists?|suspects?|kingpin|commander)\b/;
const FORCES =
  /\b(soldiers?|troops|police(m[ae]n| officers)?|officers?|personnel|vigilantes?|operatives|guards?|hunters|orderly)\b/;

function sideOf(words: string): Side {
  if (ATTACKERS.test(words)) return 'attackers';
  if (FORCES.test(words)) return 'forces';
  return 'others';
}

/** Rewrites "between 10 and 15" / "10 to 15" to "10", so every rule reads the lower bound. */
export function lowerBounds(text: string): string {
  return text.replace(RANGE, (_match, low: string) => low);
}

/** People killed, or null when the text gives no number; `evidence` gets the rules that fired. */
export function countFatalities(rawText: string, evidence: string[]): number | null {
  const text = lowerBounds(rawText);
  let total: number | null = null;
  const bySide = new Map<Side, number>();
  const side = (s: Side, n: number, rule: string) => {
    if (n > (bySide.get(s) ?? -1)) {
      bySide.set(s, n);
      evidence.push(`fatalities:${rule}`);
    }
  };
  for (const [name, pattern] of FATALITY_RULES) {
    for (const m of text.matchAll(globalOf(pattern))) {
      const raw = m[1] ?? m[2];
      const n = name === 'one-passive' ? 1 : raw === undefined ? null : parseCount(raw);
      if (n === null) continue;
      if (name === 'count-passive' || name === 'one-passive') side(sideOf(m[0]), n, name);
      else if (name === 'along-with') side(sideOf(m[0]), n + 1, name);
      else if (total === null || n > total) {
        total = n;
        evidence.push(`fatalities:${name}`);
      }
    }
  }
  for (const clause of text.matchAll(KILL_CLAUSE)) {
    const body = clause[1]!.split(CLAUSE_END)[0]!;
    const sum = sumClause(body);
    if (sum !== null) side(sideOf(body.slice(0, 60)), sum, 'kill-clause');
  }
  for (const m of text.matchAll(SUBJECT_LIST)) {
    const sum = sumClause(m[1]!);
    if (sum !== null && (total === null || sum > total)) {
      total = sum;
      evidence.push('fatalities:subject-list');
    }
  }
  const sides = bySide.size > 0 ? [...bySide.values()].reduce((a, b) => a + b, 0) : null;
  const best = total === null ? sides : sides === null ? total : Math.max(total, sides);
  if (best !== null && best > 0) return best;
  if (NO_FATALITIES.test(text)) {
    evidence.push('fatalities:none-stated');
    return 0;
  }
  return best;
}

/** People injured, or null when the text gives no number: the largest figure stated. */
export function countInjuries(rawText: string, evidence: string[]): number | null {
  const text = lowerBounds(rawText);
  let best: number | null = null;
  for (const [name, pattern] of INJURY_RULES) {
    for (const m of text.matchAll(globalOf(pattern))) {
      const n = parseCount(m[1] ?? '');
      if (n !== null && (best === null || n > best)) {
        best = n;
        evidence.push(`injuries:${name}`);
      }
    }
  }
  if (best === null && ONE_HURT.test(text)) {
    evidence.push('injuries:one-hurt');
    return 1;
  }
  return best;
}

// "two soldiers and three civilians" → 5; "the traditional ruler" → 1; "farmers" → null.
function sumClause(clause: string): number | null {
  let rest = clause.trim();
  let sum: number | null = null;
  for (;;) {
    const m = CLAUSE_COUNT.exec(rest);
    if (!m) break;
    const raw = m[1] ?? m[2] ?? m[3];
    const n = raw === undefined ? 1 : parseCount(raw);
    if (n === null) break;
    sum = (sum ?? 0) + n;
    rest = rest.slice(m[0].length);
    const join = CLAUSE_JOIN.exec(rest);
    if (!join) break;
    rest = rest.slice(join[0].length);
  }
  return sum;
}

function globalOf(pattern: RegExp): RegExp {
  return new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
}
