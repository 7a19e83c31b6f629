import { eventDateFromText, lagosDate } from './event-date';
import { classifyEvent } from './event-type';
import type { ArticleText, Extraction, Extractor } from './extractor';
import { countFatalities, countInjuries } from './casualties';
import { COMMUNITY, HARM, NON_EVENT_CONTEXTS, VIOLENT_ACTORS } from './patterns';

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
  const title = article.title.toLowerCase().replace(/[‘’]/g, "'");
  const evidence: string[] = [];

  const typed = classifyEvent(title, text);
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
  const injuries = countInjuries(text, evidence);
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
