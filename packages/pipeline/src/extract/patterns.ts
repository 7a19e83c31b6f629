import type { EventType } from './extractor';
import { NUMBER_PATTERN } from './number-words';

/**
 * The rule extractor's patterns, in one place so they can be read and reviewed. All match the
 * lower-cased text of title and summary. Each has a name, recorded as evidence when it fires.
 */

/** Who commits violence: a mention is evidence that an event, not a metaphor, is reported. */
export const VIOLENT_ACTORS =
  /\b(gunm[ae]n|bandits?|terrorists?|insurgents?|jihadists?|boko haram|iswap|militants?|militia(s|men)?|herders?|herdsm[ae]n|cultists?|hoodlums|kidnappers?|abductors|armed (men|robbers|youths)|attackers|assailants|suicide bombers?|ipob|esn|unknown gunmen|thugs|mob|rebels|separatists|al-shabab|rsf|paramilitary)\b/;

/** Harm done to people: killed, injured, abducted, burnt... */
export const HARM =
  /\b(kill(ed|ing|s)?|dead|death toll|died|slain|murder(ed|s)?|shot|behead(ed|ing)|wound(ed|ing)|injur(ed|ing|ies)|abduct(ed|ing|s|ion)?|kidnapp?(ed|ing|s)?|burnt|burned|lynch(ed|es)?|neutrali[sz](ed|ing|es|e)|lost their lives|feared dead|casualt(y|ies)|hostages?|set ablaze|razed|torched|claim(ed|s|ing)? \S{1,20} lives)\b/;

/**
 * Contexts that report no new event even with violent words: trials, commemorations, policy,
 * accidents, disease, disaster, sport. They veto the article; a weak one (policy, sport,
 * statement) is overridden when a violent actor is named in the title.
 */
export const NON_EVENT_CONTEXTS: ReadonlyArray<
  readonly [name: string, pattern: RegExp, strong: boolean]
> = [
  [
    'court',
    /\b(court|arraign(ed|s)?|sentenc(ed|es)|convict(ed|s)?|tribunal|trial|prosecut\w+|charges? of)\b/,
    true,
  ],
  ['commemoration', /\b(anniversary|years after|remember(ed|s)?|memorial|commemorat\w+)\b/, true],
  [
    'policy',
    /\b(senate|house of representatives|bill|vows?|promises?|visits?|budget|policy|inec|electoral|election)\b/,
    false,
  ],
  [
    'accident',
    /\b(accident|crash|collision|collid\w+|rammed|rams into|somersault\w*|mishap|capsi[sz]ed|drown(ed|s)?|tanker|collapse[ds]?|stampede|electrocut\w+|quarry)\b/,
    true,
  ],
  [
    'disaster',
    /\b(flood(s|ing)?|fire (razes|razed|outbreak|guts)|razed a section|gas explosion|cylinder exploded|cholera|lassa|meningitis|diphtheria|fever|outbreak|epidemic|died of)\b/,
    true,
  ],
  [
    'sport',
    /\b(super eagles|friendly|league|striker|goalless|football|match|red devils|old trafford)\b/,
    false,
  ],
  ['statement', /\b(report (on|says)|amnesty international|human rights watch)\b/, false],
  ['humanitarian', /\b(refugees|returnees|unhcr|humanitarian (aid|crisis|agency))\b/, false],
];

/**
 * A headline about what came after an event (an arrest, a parade of suspects, a release) or
 * about many (a report, data, a past year). It vetoes the article unless the headline itself
 * reports a fresh event in the present tense.
 */
export const AFTERMATH_TITLE =
  /\b(parades?|paraded|arrests?|arrested|nabs?|nabbed|regains? freedom|released|freed|reunites?|repatriates?|hands? over|report|reports|data|survey|study|statistics|in 20\d\d|since 20\d\d)\b/;

/** A protest that turned violent: the report is about the protest, whatever its headline says. */
export const VIOLENT_PROTEST =
  /\b(protests?|demonstrations?|rally|rallies)\b(?: [a-z']{1,20}){0,5}? turn(?:ed|s)? violent\b|\bhijacked the (protest|demonstration|rally)\b/;

/** A headline that reports a new event now (present tense): it outweighs a commemoration. */
export const FRESH_EVENT_TITLE =
  /\b(kills?|abducts?|storms?|invades?|injures?|turns? violent|again|fresh|renewed)\b/;

/** Harm done to people that is stated with who was harmed, so not a metaphor ("killed corruption"). */
export const HARM_TO_PEOPLE =
  /\b(kill(s|ed|ing)?|shot|murdered|injured|wounded|abducted|kidnapped)\s+(?:(?:at least|about|over|more than)\s+)?(?:\d{1,6}\b|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|his|her|their|the)\s)|\b(were|was|have been|had been)\s+(killed|shot dead|murdered|injured|wounded|abducted|kidnapped)\b/;

/**
 * Event types, tried in this order; the first that fires wins. Order matters where reports mix
 * types: "troops kill kidnappers" is an operation, not a kidnapping; "gunmen abduct 20, kill 2"
 * is a kidnapping.
 */
export const TYPE_RULES: ReadonlyArray<readonly [type: EventType, name: string, pattern: RegExp]> =
  [
    [
      'clash',
      'gun-battle',
      /\b(exchange(d)? (of )?fire|gun (duel|battle)|engaged .{0,30} in a gun)\b/,
    ],
    ['military_operation', 'air-strike', /\bair ?strikes?\b|\bair force strikes?\b/],
    [
      'bombing',
      'explosive',
      /\b(bomb(s|ing|er|ers)?|ied|improvised explosive|explosive device|explosives|suicide|blew up|blow(s|n)? up|mortars?|shelling|grenades?|rocket-propelled)\b/,
    ],
    [
      'military_operation',
      'forces-act',
      // The forces as the subject of the verb: "troops (of Operation X) (on Sunday) neutralised",
      // not "soldiers have been killed", where they are the victims.
      // Not a counted noun: "three soldiers killed" is a headline's passive, the soldiers died.
      /(?<!\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|many|[a-z]{1,10}teen|[a-z]{1,10}ty)\s+)\b(troops|soldiers|army|military|air force|naf)\b(?: of operation [a-z]+(?: [a-z]+)?)?(?: on [a-z]+)?(?: have| had| also)? (neutrali[sz]\w*|rescue[sd]?|raid(ed|s)?|destroy(ed|s)?|kill(ed|s)?|bombard\w*|clear(ed|s)?|engaged)\b/,
    ],
    ['mob_violence', 'mob', /\b(mob|lynch\w*|jungle justice)\b/],
    ['protest', 'protest', /\b(protest\w*|demonstrat(ors|ion|ing)|rally|rallies)\b/],
    ['kidnapping', 'abduction', /\b(kidnap(s|ped|ping)?|abduct\w*|hostages?|ransom)\b/],
    // "Kidnappers kill victim": the kidnappers are the actor, not the act.
    ['kidnapping', 'kidnappers', /\bkidnappers\b/],
    [
      'clash',
      'clash',
      /\b(clash\w*|communal (crisis|violence|fighting)|reprisal|renewed fighting|rival (cult )?groups|boundary dispute|feud)\b/,
    ],
    ['attack', 'killing', /\b(shot dead|kill(ed|s|ing)?|murder\w*|behead\w*)\b/],
    [
      'attack',
      'attack',
      /\b(attack\w*|raid(ed|s)?|ambush\w*|storm(ed|s)?|invad\w+|open(ed)? fire|set .{0,20}ablaze)\b/,
    ],
  ];

/** People, for counts: "12 villagers", "two suspected bandits", "30 of his fighters". */
export const PERSON_NOUNS =
  '(?:attackers|assailants|gunmen|people|persons?|villagers|residents|farmers?|soldiers?|troops|police(?:men| officers)?|officers?|personnel|worshippers?|civilians|passengers|travell?ers|students?|pupils|women|woman|children|child|men|man|members|terrorists?|bandits?|insurgents?|militants?|fighters?|herders?|herdsmen|youths?|young men|traders?|miners|fishermen|others|vigilantes?|operatives|suspects?|protesters|cultists?|kidnappers?|family members|persons|victims|ruler|monarch|priest|pastor|imam|chief|commander|kingpin|leader|driver|lawmaker|chairman|thief|boys?|girls?|guards?|hunters|passers?-by|policeman|soldier|officer|vigilante|orderly|member)';

const SINGULAR_PERSON =
  '(?:village head|district head|head|emir|ruler|monarch|king|priest|pastor|imam|chief|commander|kingpin|leader|driver|lawmaker|chairman|thief|man|woman|farmer|soldier|policeman|officer|student|worshipper|vigilante|trader|boy|girl|guard|hunter|journalist|catechist|seminarian|traveller|resident|teacher|doctor|cleric|councillor)';

const N = NUMBER_PATTERN;
// Up to three words between a count and its noun ("two suspected armed bandits"), but never
// "and"/"or", which start another group: "seven people and injured scores".
const ADJ = "(?:(?!and\\s|or\\s)[a-z'’-]{1,30}\\s+){0,3}?";
const DEATH =
  '(?:killed|feared dead|confirmed dead|confirmed killed|shot dead|burnt to death|burned to death|murdered|slain|beheaded|died|die|dies|lost their lives|lost his life|lost her life|dead|paid the supreme price|paid the ultimate price)';
const COUNT_OF_PEOPLE = `(${N})\\s+${ADJ}${PERSON_NOUNS}`;

/**
 * Fatality patterns. Each captures the count in group 1. Several matches in one text: the
 * largest wins (updated tolls usually come last and are larger), except a kill clause naming
 * two groups ("killed two soldiers and three civilians"), which is summed.
 */
export const FATALITY_RULES: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  // "death toll ... has risen to 31"
  [
    'death-toll',
    new RegExp(`death toll\\b[^.]{0,80}?\\b(?:to|at|hits|reached|reaches)\\s+(${N})\\b`),
  ],
  // "12 people were killed", "two soldiers have been killed", "eight died"
  [
    'count-passive',
    new RegExp(
      `${COUNT_OF_PEOPLE}\\s+(?:were|have been|had been|was|are|got)?\\s*(?:reportedly\\s+|also\\s+)?${DEATH}\\b`,
    ),
  ],
  // "nine killed", "23 dead", "4 dead" in headlines
  ['count-killed', new RegExp(`\\b(${N})\\s+(?:killed|dead|feared dead)\\b`)],
  // "nine bodies recovered", "the bodies of 12 victims"
  [
    'bodies',
    new RegExp(
      `(${N})\\s+(?:more\\s+)?(?:[a-z-]{1,20}\\s+)?(?:bodies|corpses)\\b|\\b(?:bodies|corpses) of (${N})\\b`,
    ),
  ],
  // "the kingpin was killed along with five of his fighters": the one named, and the five
  [
    'along-with',
    new RegExp(`\\b(?:killed|died|neutrali[sz]ed) (?:along|together) with (${N})\\b[^.,;]{0,40}`),
  ],
  // "the vice-principal was shot dead", "one protester was killed": one person
  [
    'one-passive',
    new RegExp(
      `\\b(?:the|a|an|one)\\s+${ADJ}(?:${SINGULAR_PERSON}|protester|principal|vice-principal|passer-by)\\s+(?:was|has been|had been)\\s+(?:reportedly\\s+|also\\s+)?${DEATH}\\b`,
    ),
  ],
  // "claimed 10 lives", "claims 10 lives"
  ['lives', new RegExp(`\\bclaim(?:ed|s|ing)?\\s+(${N})\\s+lives\\b`)],
  // "left eleven people dead", "leaves 4 dead"
  [
    'left-dead',
    new RegExp(`\\b(?:left|leaves|leaving)\\s+(${N})\\s+${ADJ}(?:${PERSON_NOUNS}\\s+)?dead\\b`),
  ],
];

/** A verb of killing, followed by its object clause (up to the next full stop, comma or ;). */
export const KILL_CLAUSE =
  /\b(?:kill(?:ed|ing|s)?|shot dead|neutrali[sz](?:ed|ing|es|e)|lynch(?:ed|es|ing)?|murder(?:ed|ing|s)?|behead(?:ed|ing|s)?)\s+([^.,;]{1,120})/g;

/** Where a kill clause stops counting the dead: "killed one and abducted four". */
export const CLAUSE_END =
  /\b(?:injur(?:ed|ing)|wound(?:ed|ing)|abduct(?:ed|ing)|kidnapp?(?:ed|ing)|rustl(?:ed|ing)|burn(?:t|ed|ing)|set(?:ting)?)\b/;

/**
 * One count of people at the start of a kill clause: "two soldiers", "30 of his fighters",
 * "four of them", "two who tried to flee", or one named person ("the traditional ruler").
 */
export const CLAUSE_COUNT = new RegExp(
  `^(?:(?:at least|about|over|more than|no fewer than|nearly|some|another|a total of)\\s+)?(?:(${N})\\s+(?:of (?:his|their|the) )?${ADJ}${PERSON_NOUNS}\\b|(${N})\\s+of them\\b|(${N})(?=\\s*(?:$|who\\b|in\\b|at\\b|on\\b|and\\b|during\\b|while\\b))|(?:(?:the|a|an|one)\\s+)?${ADJ}${SINGULAR_PERSON}\\b)`,
);

/** Between two counts of one kill clause: "two soldiers and three civilians". */
export const CLAUSE_JOIN = /^\s*(?:,\s*)?and\s+|^\s*,\s*/;

/** "no life was lost", "no casualties": the text states zero deaths. */
export const NO_FATALITIES =
  /\b(no (life|lives) (was|were) lost|no casualt(y|ies)|no (one|body) (was killed|died)|nobody (was killed|died)|no deaths? (was|were) (recorded|reported)|no (death|fatality|fatalities) (was|were)? ?(recorded|reported))\b/;

/**
 * Several groups named as the subject of one verb of dying: "a policeman and two civilians
 * died". Group 1 is the list, summed like a kill clause.
 */
export const SUBJECT_LIST = new RegExp(
  `(?<![\\w'])((?:(?:a|an|one|${N})\\s+${ADJ}(?:${PERSON_NOUNS}|${SINGULAR_PERSON})\\s*(?:,\\s*|\\s+and\\s+)){1,3}(?:a|an|one|${N})\\s+${ADJ}(?:${PERSON_NOUNS}|${SINGULAR_PERSON}))\\s+(?:were|have been|had been|was)?\\s*${DEATH}\\b`,
  'g',
);

/** "between 10 and 15", "10 to 15", "10-15": a range, of which ACLED codes the lower bound. */
export const RANGE = new RegExp(
  `(?<![\\w])(?:between\\s+)?(${N})\\s*(?:to|and|-|–)\\s*(${N})(?=\\s+(?:[a-z'-]{1,30}\\s+){0,3}?(?:${PERSON_NOUNS}|killed|dead|died|injured|wounded)\\b)`,
  'g',
);

/** Injury patterns; the count is group 1; the largest wins. */
export const INJURY_RULES: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['injuring', new RegExp(`\\b(?:injuring|wounding)\\s+(?:at least\\s+)?(${N})\\b`)],
  // "killed seven and injured four others": the active verb after another clause
  [
    'and-injured',
    new RegExp(`(?:\\band|,)\\s+(?:also\\s+)?(?:injured|wounded)\\s+(?:at least\\s+)?(${N})\\b`),
  ],
  // "escaped with gunshot wounds", "sustained injuries"
  [
    'count-hurt',
    new RegExp(
      `\\b(${N})\\s+${ADJ}(?:${PERSON_NOUNS}\\s+)?(?:who\\s+)?(?:escaped|sustained|suffered|were treated for)\\s+(?:with\\s+)?(?:[a-z]{1,20}\\s+)?(?:wounds?|injur(?:y|ies))\\b`,
    ),
  ],
  [
    'count-injured',
    new RegExp(
      `\\b(${N})\\s+${ADJ}(?:${PERSON_NOUNS}\\s+)?(?:were|have been|was)?\\s*(?:injured|wounded|hospitali[sz]ed)\\b`,
    ),
  ],
];

/**
 * One person hurt, named rather than counted: "his orderly was shot", "the driver, who escaped
 * with a gunshot wound", "one soldier sustained a minor injury", "a fifth member lost both legs".
 */
export const ONE_HURT = new RegExp(
  `\\b(?:his|her|their|its|the|a|an|one)\\s+${ADJ}(?:${SINGULAR_PERSON}|orderly|member|passer-by)\\b(?:,\\s*who)?\\s+(?:was\\s+(?:shot(?!\\s+dead)|injured|wounded|hospitali[sz]ed)|escaped with (?:a\\s+)?(?:[a-z]{1,20}\\s+)?(?:wounds?|injur(?:y|ies))|sustained (?:a\\s+|an\\s+)?(?:[a-z]{1,20}\\s+)?(?:wounds?|injur(?:y|ies))|lost (?:both|his|her|an?) (?:legs?|arms?|hands?|eyes?))|\\banother\\s+(?:person\\s+|one\\s+)?(?:was\\s+)?(?:injured|wounded)\\b`,
);

/** A community named as the event's place: "Hurum village", "Kairu community". */
export const COMMUNITY =
  // Starts only at the start of a word, with words of at most 30 characters: linear on any text.
  /(?<![\w'’-])((?:[A-Z][\w'’-]{0,30}\s){0,2}[A-Z][\w'’-]{0,30})\s+(?:village|community|communities|settlement)\b/;
