import { eventDateFromText, lagosDate } from './event-date';
import type { ArticleText, EventType, Extraction, Extractor } from './extractor';
import { parseCount } from './number-words';
import {
  CLAUSE_COUNT,
  CLAUSE_END,
  CLAUSE_JOIN,
  COMMUNITY,
  FATALITY_RULES,
  HARM,
  INJURY_RULES,
  KILL_CLAUSE,
  NON_EVENT_CONTEXTS,
  NO_FATALITIES,
  TYPE_RULES,
  VIOLENT_ACTORS,
} from './patterns';

/**
 * A rule-based extractor: no model, no network, the same answer every time. The patterns are
 * documented in `patterns.ts`; the steps are:
 * 1. Type: the first rule of `TYPE_RULES` that fires on the text.
 * 2. Conflict: a type fired, and the text shows a violent actor or harm to people (so
 *    "Atiku attacks Tinubu" is not an attack), and no non-event context (court, accident,
 *    sport...) vetoes it. Protests need no harm. A violent actor in the title overrides a veto.
 * 3. Counts: fatalities and injuries from `FATALITY_RULES`, kill clauses and `INJURY_RULES`.
 * 4. Date: a day named in the text, else the publication day, else the fetch day.
 * 5. Place: a named community ("Hurum village") as a hint for the geocoder.
 */
export class RuleExtractor implements Extractor {
  readonly name = 'rules-v1';

  async extract(article: ArticleText): Promise<Extraction> {
    return extractWithRules(article);
  }
}

/** The synchronous core of {@link RuleExtractor}. */
export function extractWithRules(article: ArticleText): Extraction {
  const fullText = article.summary ? `${article.title}. ${article.summary}` : article.title;
  const text = fullText.toLowerCase().replace(/[‘’]/g, "'");
  const title = article.title.toLowerCase();
  const evidence: string[] = [];

  const typed = classify(text);
  const actor = VIOLENT_ACTORS.test(text);
  const harm = HARM.test(text);
  const vetoes = NON_EVENT_CONTEXTS.filter(([, pattern]) => pattern.test(text));
  const actorInTitle = VIOLENT_ACTORS.test(title);
  let isConflict = false;
  if (typed) {
    evidence.push(`type:${typed.rule}`);
    const evidenceOfEvent = typed.type === 'protest' || actor || harm;
    const vetoed = vetoes.some(([, , strong]) => strong || !actorInTitle);
    isConflict = evidenceOfEvent && !vetoed;
    if (actor) evidence.push('actor');
    if (harm) evidence.push('harm');
    for (const [veto] of vetoes) evidence.push(`veto:${veto}`);
  }

  const publishedDay = article.publishedAt ? lagosDate(article.publishedAt) : null;
  const fromText = publishedDay ? eventDateFromText(text, publishedDay) : null;
  const eventDate = fromText ?? publishedDay ?? lagosDate(article.fetchedAt);
  const dateSource = fromText ? 'text' : publishedDay ? 'published' : 'fetched';

  if (!isConflict) {
    return {
      isConflict: false,
      eventType: null,
      fatalities: null,
      injuries: null,
      eventDate,
      dateSource,
      placeHint: null,
      confidence: 0,
      evidence,
    };
  }

  const fatalities = countFatalities(text, evidence);
  const injuries = largestMatch(text, INJURY_RULES, evidence, 'injuries');
  const community = COMMUNITY.exec(fullText)?.[1] ?? null;
  const confidence = Math.min(
    0.95,
    0.5 +
      (actor ? 0.15 : 0) +
      (harm ? 0.1 : 0) +
      (fatalities !== null ? 0.1 : 0) +
      (fromText ? 0.05 : 0) +
      (vetoes.length === 0 ? 0.05 : 0),
  );
  return {
    isConflict: true,
    eventType: typed!.type,
    fatalities,
    injuries,
    eventDate,
    dateSource,
    placeHint: community,
    confidence: Math.round(confidence * 100) / 100,
    evidence,
  };
}

function classify(text: string): { type: EventType; rule: string } | null {
  for (const [type, rule, pattern] of TYPE_RULES) {
    if (pattern.test(text)) return { type, rule };
  }
  return null;
}

function countFatalities(text: string, evidence: string[]): number | null {
  if (NO_FATALITIES.test(text)) {
    evidence.push('fatalities:none-stated');
    return 0;
  }
  let best = largestMatch(text, FATALITY_RULES, evidence, 'fatalities');
  for (const clause of text.matchAll(KILL_CLAUSE)) {
    const sum = sumClause(clause[1]!.split(CLAUSE_END)[0]!);
    if (sum !== null && (best === null || sum > best)) {
      best = sum;
      evidence.push('fatalities:kill-clause');
    }
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

function largestMatch(
  text: string,
  rules: ReadonlyArray<readonly [string, RegExp]>,
  evidence: string[],
  label: string,
): number | null {
  let best: number | null = null;
  for (const [name, pattern] of rules) {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    for (const m of text.matchAll(global)) {
      const n = parseCount(m[1] ?? '');
      if (n !== null && (best === null || n > best)) {
        best = n;
        evidence.push(`${label}:${name}`);
      }
    }
  }
  return best;
}
