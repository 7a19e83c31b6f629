import type { EventType } from './extractor';
import { TYPE_RULES, VIOLENT_PROTEST } from './patterns';

/** The type an article's rules give, and the name of the rule that decided. */
export interface TypeDecision {
  type: EventType;
  rule: string;
}

// Rules that frame a whole report ("gun battle", "airstrike", "IED", troops as the subject,
// "mob", "protest", "clash"): in a headline they decide whatever else it says.
const FRAMING = new Set([
  'gun-battle',
  'air-strike',
  'explosive',
  'forces-act',
  'mob',
  'protest',
  'clash',
]);
// The acts a headline leads with; the first one named decides ("kill farmer, abduct wife").
const ACTS = new Set(['abduction', 'killing']);

/**
 * The event type, read as a coder reads a report: the headline leads. In the title, a framing
 * rule wins (in `TYPE_RULES` order); else the act named first (killing or abduction); else a
 * bare "attack"/"raid"; but a protest that "turned violent" in the text outweighs a headline's
 * bare killing. A title that fires no rule leaves the decision to the whole text, where
 * the first rule of `TYPE_RULES` that fires wins.
 */
export function classifyEvent(lowerTitle: string, lowerText: string): TypeDecision | null {
  const title = fromTitle(lowerTitle);
  if (title && FRAMING.has(title.rule)) return title;
  // "three killed, shops looted" over a protest that "turned violent": the protest is the event.
  if (VIOLENT_PROTEST.test(lowerText)) return { type: 'protest', rule: 'violent-protest' };
  return title ?? firstRule(lowerText);
}

function fromTitle(title: string): TypeDecision | null {
  const hits: Array<TypeDecision & { at: number }> = [];
  for (const [type, rule, pattern] of TYPE_RULES) {
    const m = pattern.exec(title);
    if (m) hits.push({ type, rule, at: m.index });
  }
  if (hits.length === 0) return null;
  const framing = hits.find((h) => FRAMING.has(h.rule));
  if (framing) return { type: framing.type, rule: framing.rule };
  const acts = hits.filter((h) => ACTS.has(h.rule)).sort((a, b) => a.at - b.at);
  const chosen = acts[0] ?? hits[0]!;
  return { type: chosen.type, rule: chosen.rule };
}

function firstRule(text: string): TypeDecision | null {
  for (const [type, rule, pattern] of TYPE_RULES) {
    if (pattern.test(text)) return { type, rule };
  }
  return null;
}
