import { GEONAMES_TOWNS } from './geonames-towns';
import { LGAS_BY_STATE } from './nigeria-lgas';
import { STATE_NAMES, STATES, type LatLon, type StateName } from './nigeria-states';
import { FOREIGN_PLACES, LGA_SPELLINGS, METRO_AREAS, STATE_ALIASES, TOWNS } from './place-aliases';
import { placeKey } from './place-name';
import { WEAK_NAMES, isWeakTownName } from './weak-place-names';

/** What a name in the gazetteer stands for. */
export type PlaceKind = 'state' | 'lga' | 'town';

/** One place a name may stand for. */
export interface Place {
  kind: PlaceKind;
  /** The place's own name (INEC spelling for LGAs). */
  name: string;
  state: StateName;
  /** The LGA, for LGAs and for towns inside one LGA. */
  lga: string | null;
  /** A representative point, when one is written down. */
  point: LatLon | null;
  /**
   * True when a bare mention is too weak on its own: the name is short or an ordinary word or
   * person's name ("Obi", "Song", "Bonny"), or is also a state's name. Such a place counts only
   * when the text says "X LGA" or also names its state.
   */
  needsContext: boolean;
}

/** A name found in a text, with every place it may stand for. */
export interface PlaceMention {
  /** The words as written in the text. */
  text: string;
  /** Offset of the first character in the text. */
  index: number;
  places: Place[];
  /** What the following words say the name is: "X State", "X LGA"/"X Local Government", or nothing. */
  marker: 'state' | 'lga' | null;
  /** True when the word before is "in", "at", "near"...: the name is used as a place. */
  afterPlacePreposition: boolean;
  /** True for a place outside Nigeria ("Khartoum", "Burkina Faso"); `places` is then empty. */
  foreign: boolean;
  /**
   * True when the words before say the place is not where the event happened: where attackers
   * came "from", where victims were "taken to", a "hospital in", "the boundary with".
   */
  elsewhere: boolean;
  /** True when the name is part of a road's name ("Maiduguri-Damboa road"): a route, not a spot. */
  road: boolean;
}

const STATE_KEYS = new Set(STATE_NAMES.map(placeKey));

// Multi-word names that contain a state's name but are not about that state ("Niger Delta").
const BLOCKED_KEYS = new Set(
  [
    'Niger Delta',
    'Benin Republic',
    'Republic of Benin',
    'River Niger',
    'River Benue',
    'Lake Chad',
    'Delta Force',
  ].map(placeKey),
);

const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'near',
  'around',
  'across',
  'into',
  'outside',
  'within',
]);

/** The longest name, in words, that the scanner tries to match. */
const MAX_WORDS = 5;

/**
 * Every state, LGA and known town of Nigeria, indexed by folded name, with a scanner that finds
 * the names in a text. Built once from the data files; immutable afterwards.
 */
export class Gazetteer {
  readonly #byKey = new Map<string, Place[]>();
  readonly #lgaPoints = new Map<string, LatLon>();
  readonly #foreign = new Set(FOREIGN_PLACES.map(placeKey));

  constructor() {
    for (const state of STATE_NAMES) {
      // "Niger" alone is usually the country or the river: only "Niger State" counts.
      this.#add(state, {
        kind: 'state',
        name: state,
        state,
        lga: null,
        point: STATES[state].centroid,
        needsContext: state === 'Niger',
      });
    }
    for (const [alias, state] of Object.entries(STATE_ALIASES)) {
      this.#add(alias, {
        kind: 'state',
        name: state,
        state,
        lga: null,
        point: STATES[state].centroid,
        needsContext: false,
      });
    }
    // GeoNames first: where the hand-kept list below names the same town, GeoNames' LGA wins.
    const handKept = new Set(TOWNS.map((t) => placeKey(t.name)));
    for (const [name, state, lga, latitude, longitude] of GEONAMES_TOWNS) {
      const key = placeKey(name);
      // A state's name is the state ("Kano", "Lagos"), never one of its towns.
      if (STATE_KEYS.has(key)) continue;
      this.#add(name, {
        kind: 'town',
        name,
        state,
        lga,
        point: { latitude, longitude },
        needsContext: isWeakTownName(key, handKept),
      });
    }
    for (const town of TOWNS) {
      const point = { latitude: town.latitude, longitude: town.longitude };
      if (town.seat && town.lga) this.#lgaPoints.set(lgaId(town.state, town.lga), point);
      this.#add(town.name, {
        kind: 'town',
        name: town.name,
        state: town.state,
        lga: town.lga,
        point,
        needsContext: false,
      });
    }
    for (const state of STATE_NAMES) {
      for (const lga of LGAS_BY_STATE[state]) this.#addLga(lga, state, lga);
    }
    for (const [variant, state, lga] of LGA_SPELLINGS) this.#addLga(variant, state, lga);
    // A city over several LGAs names no LGA: "Jos" (Jos North, Jos South), "Port Harcourt".
    const metro = new Set(METRO_AREAS.map(([city, state]) => `${state}|${placeKey(city)}`));
    for (const state of STATE_NAMES) {
      const keys = [
        ...LGAS_BY_STATE[state].map(placeKey),
        ...LGA_SPELLINGS.filter(([, s]) => s === state).map(([v]) => placeKey(v)),
      ];
      const prefixes = new Map<string, number>();
      for (const key of keys) {
        const m = /^(.+?) (?:north|south|east|west|central|municipal)(?: (?:east|west))?$/.exec(
          key,
        );
        if (m) prefixes.set(m[1]!, (prefixes.get(m[1]!) ?? 0) + 1);
      }
      for (const [prefix, count] of prefixes) if (count >= 2) metro.add(`${state}|${prefix}`);
    }
    for (const [key, places] of this.#byKey) {
      for (const place of places) {
        if (place.kind === 'town' && metro.has(`${place.state}|${key}`)) place.lga = null;
      }
    }
  }

  /** Every place a name may stand for (empty when unknown). */
  lookup(name: string): readonly Place[] {
    return this.#byKey.get(placeKey(name)) ?? [];
  }

  /** The LGAs of a state, INEC spelling. */
  lgasOf(state: StateName): readonly string[] {
    return LGAS_BY_STATE[state];
  }

  /**
   * Finds the place names in `text`, left to right, longest match first, so "Kaura Namoda" is
   * one mention and not "Kaura". A match must start with a capital letter: place names are
   * proper nouns, and this keeps "song" and "logo" out.
   */
  scan(text: string): PlaceMention[] {
    const words = [...text.matchAll(/[\p{L}\p{N}'’]+/gu)].map((m) => ({
      raw: m[0],
      index: m.index,
      key: placeKey(m[0]),
    }));
    const mentions: PlaceMention[] = [];
    let i = 0;
    while (i < words.length) {
      let matched = 0;
      for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1 && matched === 0; n -= 1) {
        const slice = words.slice(i, i + n);
        if (!/^\p{Lu}/u.test(slice[0]!.raw)) break;
        if (!sameSentence(text, slice)) continue;
        const key = slice.map((w) => w.key).join(' ');
        if (BLOCKED_KEYS.has(key)) {
          matched = n;
          break;
        }
        const foreign = this.#foreign.has(key);
        const places = foreign ? [] : this.#byKey.get(key);
        if (!places) continue;
        const last = slice[slice.length - 1]!;
        const start = slice[0]!.index;
        mentions.push({
          text: text.slice(start, last.index + last.raw.length),
          index: start,
          places,
          marker: markerAfter(words, i + n) ?? (ALWAYS_STATE.has(key) ? 'state' : null),
          afterPlacePreposition: i > 0 && PLACE_PREPOSITIONS.has(words[i - 1]!.key),
          foreign,
          elsewhere:
            elsewhereBefore(text, words, i) ||
            ofPrevious(text, mentions[mentions.length - 1], start),
          road: ROAD_AFTER.test(
            text.slice(last.index + last.raw.length, last.index + last.raw.length + 60),
          ),
        });
        matched = n;
      }
      i += Math.max(matched, 1);
    }
    return mentions;
  }

  /** The point that stands for an LGA (its seat), when one is written down. */
  lgaPoint(state: StateName, lga: string): LatLon | null {
    return this.#lgaPoints.get(lgaId(state, lga)) ?? null;
  }

  #addLga(name: string, state: StateName, lga: string): void {
    const key = placeKey(name);
    const needsContext = WEAK_NAMES.has(key) || STATE_KEYS.has(key);
    this.#add(name, { kind: 'lga', name: lga, state, lga, point: null, needsContext });
  }

  #add(name: string, place: Place): void {
    const key = placeKey(name);
    const list = this.#byKey.get(key) ?? [];
    const duplicate = list.some(
      (p) => p.kind === place.kind && p.state === place.state && p.name === place.name,
    );
    if (!duplicate) list.push(place);
    this.#byKey.set(key, list);
  }
}

function lgaId(state: StateName, lga: string): string {
  return `${state}/${placeKey(lga)}`;
}

// A name never spans a full stop, comma or line break: "Kaduna. Zaria" is two names.
function sameSentence(text: string, slice: ReadonlyArray<{ raw: string; index: number }>): boolean {
  for (let k = 1; k < slice.length; k += 1) {
    const prev = slice[k - 1]!;
    const gap = text.slice(prev.index + prev.raw.length, slice[k]!.index);
    // "F.C.T." is one name: a full stop right after a single letter is an abbreviation.
    if (gap === '.' && prev.raw.length === 1) continue;
    if (/[.,;:!?()\n]/.test(gap)) return false;
  }
  return true;
}

// Names of the FCT that mean the territory without "State" after them.
const ALWAYS_STATE = new Set(['fct', 'f c t', 'federal capital territory']);

// "Odukpani LGA of Cross River State" after "from": the state is as elsewhere as its LGA.
function ofPrevious(text: string, previous: PlaceMention | undefined, start: number): boolean {
  if (!previous?.elsewhere || start - (previous.index + previous.text.length) > 60) return false;
  const between = text.slice(previous.index + previous.text.length, start);
  return /^\s*(?:lga|local government(?: area)?|area council)?\s*(?:of|,|in)?\s*(?:the\s+)?$/i.test(
    between,
  );
}

// What follows a name that belongs to a road: "-Damboa road", " road", "-Afikpo Expressway".
const ROAD_AFTER =
  /^(?:\s*[-–]\s*[\p{L}']{1,20}(?:\s[\p{Lu}][\p{L}']{0,20})?)?\s+(?:road|expressway|highway)\b/iu;

// Words before a name that put the event elsewhere, within the same sentence.
const ELSEWHERE_BEFORE =
  /\b(?:from|outskirts of|to hospitals?|hospitals? in|taken to|rushed to|fled to|moved to|relocated to|boundary with|border with|borders with|neighbouring|headquarters in)\b/;

function elsewhereBefore(
  text: string,
  words: ReadonlyArray<{ raw: string; index: number; key: string }>,
  at: number,
): boolean {
  const from = words[Math.max(0, at - 4)]!.index;
  const before = text.slice(from, words[at]!.index);
  if (/[.;!?]/.test(before)) return false;
  return ELSEWHERE_BEFORE.test(before.toLowerCase());
}

function markerAfter(words: ReadonlyArray<{ key: string }>, at: number): 'state' | 'lga' | null {
  const next = words[at]?.key;
  if (next === 'state') return 'state';
  if (next === 'lga' || next === 'lg' || next === 'council') return 'lga';
  if (next === 'area' && words[at + 1]?.key === 'council') return 'lga';
  if (next === 'local' && words[at + 1]?.key === 'government') return 'lga';
  if (next === 'l' && words[at + 1]?.key === 'g') return 'lga';
  return null;
}
