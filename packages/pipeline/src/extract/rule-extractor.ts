import { eventDateFromText, lagosDate } from './event-date';
import { classifyEvent } from './event-type';
import type { ArticleText, Extraction, Extractor } from './extractor';
import { countFatalities, countInjuries } from './casualties';
import {
  AFTERMATH_TITLE,
  COMMUNITY,
  FRESH_EVENT_TITLE,
  HARM,
  HARM_TO_PEOPLE,
  NON_EVENT_CONTEXTS,
  VIOLENT_ACTORS,
} from './patterns';

/**
 * A rule-based extractor: no model, no network, the same answer every time. The patterns are
 * documented in `patterns.ts`; the steps are:
 * 1. Type: the headline leads (`event-type.ts`), else the first rule of `TYPE_RULES` that fires.
 * 2. Conflict: a type fired, and the text shows a violent actor or harm done to people (so
 *    "Atiku attacks Tinubu" and "subsidy removal killed corruption" are not events), and no
 *    non-event context (court, accident, sport...) vetoes it, nor a headline about an arrest or
 *    release. Protests need no harm. A violent actor in the title overrides a weak veto; a
 *    headline reporting a fresh attack overrides a commemoration.
 * 3. Counts: fatalities and injuries (`casualties.ts`).
 * 4. Date: a day named in the text, else the publication day, else the fetch day.
 * 5. Place: a named community ("Hurum village") as a hint for the geocoder.
 */
export class RuleExtractor implements Extractor {
  readonly name = 'rules-v2';

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
    // Without a violent actor, "killed" must have people as its object: "subsidy removal killed
    // corruption", "prices are killing us" are not events.
    const peopleHarmed = HARM_TO_PEOPLE.test(text) || countFatalities(text, []) !== null;
    const evidenceOfEvent = typed.type === 'protest' || actor || (harm && peopleHarmed);
    // "Gunmen attack Igangan again": a new event, though the report recalls an older one.
    const fresh = FRESH_EVENT_TITLE.test(title);
    const vetoed = vetoes.some(
      ([name, , strong]) => !(name === 'commemoration' && fresh) && (strong || !actorInTitle),
    );
    const aftermath = AFTERMATH_TITLE.test(title) && !FRESH_EVENT_TITLE.test(title);
    isConflict = evidenceOfEvent && !vetoed && !aftermath;
    if (actor) evidence.push('actor');
    if (harm) evidence.push('harm');
    if (aftermath) evidence.push('veto:aftermath');
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
