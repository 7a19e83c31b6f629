import { Gazetteer, type Place, type PlaceMention } from './gazetteer';
import { STATES, type StateName } from './nigeria-states';

/** How precisely an event was placed: `lga` (its LGA is known), `state`, or `none`. */
export type GeoPrecision = 'lga' | 'state' | 'none';

/** Why an event could not be placed more precisely. */
export type GeocodeMiss =
  /** No state, LGA or known town named at all. */
  | 'no_place'
  /** Only LGA names found in several states, and no state named to choose between them. */
  | 'ambiguous'
  /** Only weak names ("Obi", "Song") with no state to confirm them. */
  | 'unconfirmed'
  /** Only places outside Nigeria named ("Khartoum", "Burkina Faso"). */
  | 'foreign';

/** Where an event is, as well as the text lets us say. */
export interface GeocodeResult {
  precision: GeoPrecision;
  state: StateName | null;
  lga: string | null;
  /**
   * The most specific place named: the community or town when the extractor found one, else
   * the LGA or state. Kept even when it is not in the gazetteer.
   */
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Set when `precision` is `none`, or `state` although an LGA-level name was seen. */
  miss: GeocodeMiss | null;
}

/** What the geocoder is given: the article's text and the place the extractor picked out. */
export interface GeocodeInput {
  text: string;
  /** A community or village named as the event's place, e.g. "Kwaga" in "Kwaga community". */
  placeHint?: string | null;
}

/**
 * Places an event in a state and LGA from the names in its text.
 *
 * Rules, in order:
 * 1. States named in the text ("X State", a state's name, an alias like "FCT", or a town of the
 *    state) form the context.
 * 2. The first LGA-level name (an LGA or a town inside one) consistent with the context wins:
 *    precision `lga`. An LGA name found in several states ("Surulere", "Obi", "Bassa") counts
 *    only when the text also names one of those states. A weak name counts only with its state
 *    or an explicit "LGA"/"Local Government" after it.
 * 3. Else the first state named: precision `state`, at the state's centroid.
 * 4. Else `none`. A community that is not in the gazetteer never sinks an event whose state or
 *    LGA is named (the original pipeline's bug).
 */
export class Geocoder {
  readonly #gazetteer: Gazetteer;

  constructor(gazetteer: Gazetteer = new Gazetteer()) {
    this.#gazetteer = gazetteer;
  }

  /** Places one event. Pure: the same input always gives the same answer. */
  geocode(input: GeocodeInput): GeocodeResult {
    const all = this.#gazetteer.scan(input.text);
    // Where attackers came from, where victims were taken, a road's end points: not the place
    // of the event, unless the text names no other.
    const onSpot = all.filter((m) => !m.elsewhere && !m.road);
    const placed = this.#place(onSpot, input);
    if (placed.precision !== 'none' || onSpot.length === all.length) return placed;
    const fallback = this.#place(all, input);
    // A road or an origin tells the state at best, never the LGA.
    if (fallback.precision === 'lga' && fallback.state)
      return this.#atState(fallback.state, input.placeHint?.trim() || null, 'unconfirmed');
    return fallback.precision === 'none' ? placed : fallback;
  }

  #place(mentions: readonly PlaceMention[], input: GeocodeInput): GeocodeResult {
    // "X State" in the text is the strongest context: an LGA-level name elsewhere ("the
    // Lagos-Ibadan expressway in Ogun State") is then a landmark, not the event's place.
    const explicit = explicitStates(mentions);
    const explicitState = explicit.size > 0;
    const statesNamed = explicitState ? explicit : statesInContext(mentions);
    const hint = input.placeHint?.trim() || null;

    let sawLgaName: GeocodeMiss | null = null;
    // "in Itu Local Government Area" outweighs a town named before it.
    const lgaFirst = [
      ...mentions.filter((m) => m.marker === 'lga'),
      ...mentions.filter((m) => m.marker !== 'lga'),
    ];
    for (const mention of lgaFirst) {
      const lgaLevel = mention.places.filter((p) => p.kind !== 'state' && p.lga !== null);
      if (lgaLevel.length === 0) continue;
      // A bare state name that is also an LGA ("Bauchi", "Katsina") means the state; a bare
      // city over several LGAs ("Port Harcourt") means the city, not its namesake LGA.
      if (mention.marker !== 'lga' && mention.places.some((p) => p.kind === 'state')) continue;
      if (
        mention.marker !== 'lga' &&
        mention.places.some((p) => p.kind === 'town' && p.lga === null)
      )
        continue;
      const chosen = chooseLga(lgaLevel, mention, statesNamed, explicitState);
      if (chosen.place) return this.#atLga(chosen.place, hint);
      sawLgaName ??= chosen.miss;
    }

    const state = firstState(mentions, statesNamed);
    if (state) return this.#atState(state, hint, sawLgaName);
    return {
      precision: 'none',
      state: null,
      lga: null,
      place: hint,
      latitude: null,
      longitude: null,
      miss: sawLgaName ?? (mentions.some((m) => m.foreign) ? 'foreign' : 'no_place'),
    };
  }

  #atState(state: StateName, hint: string | null, miss: GeocodeMiss | null): GeocodeResult {
    const { latitude, longitude } = STATES[state].centroid;
    return {
      precision: 'state',
      state,
      lga: null,
      place: hint ?? state,
      latitude,
      longitude,
      miss,
    };
  }

  #atLga(place: Place, hint: string | null): GeocodeResult {
    const lga = place.lga!;
    const point =
      (place.kind === 'town' ? place.point : null) ??
      this.#gazetteer.lgaPoint(place.state, lga) ??
      STATES[place.state].centroid;
    return {
      precision: 'lga',
      state: place.state,
      lga,
      place: hint ?? place.name,
      latitude: point.latitude,
      longitude: point.longitude,
      miss: null,
    };
  }
}

function explicitStates(mentions: readonly PlaceMention[]): Set<StateName> {
  const states = new Set<StateName>();
  for (const mention of mentions) {
    if (mention.marker !== 'state') continue;
    for (const place of mention.places) if (place.kind === 'state') states.add(place.state);
  }
  return states;
}

// States the text names: explicitly, or through a town or an unambiguous, strong LGA name.
function statesInContext(mentions: readonly PlaceMention[]): Set<StateName> {
  const states = new Set<StateName>();
  for (const mention of mentions) {
    // A town whose name also stands for a place in another state ("Surulere", "Yelwa") does not
    // name its state by itself.
    const oneState = new Set(mention.places.map((p) => p.state)).size === 1;
    for (const place of mention.places) {
      if (place.kind === 'state' && (!place.needsContext || mention.marker === 'state'))
        states.add(place.state);
      if (place.kind === 'town' && !place.needsContext && oneState) states.add(place.state);
    }
  }
  return states;
}

function chooseLga(
  candidates: readonly Place[],
  mention: PlaceMention,
  statesNamed: ReadonlySet<StateName>,
  explicitState: boolean,
): { place: Place | null; miss: GeocodeMiss } {
  // A weak name needs "X LGA" after it, or a place preposition before it and its state named.
  const strong = (p: Place) => !p.needsContext || mention.marker === 'lga';
  const inContext = candidates.filter(
    (p) => statesNamed.has(p.state) && (strong(p) || mention.afterPlacePreposition),
  );
  if (inContext.length > 0) return { place: preferTown(inContext), miss: 'ambiguous' };
  // "Oyi LGA of Kogi State": an explicit state outweighs an LGA name from another state.
  if (explicitState) return { place: null, miss: 'unconfirmed' };
  const usable = candidates.filter(strong);
  if (usable.length === 0) return { place: null, miss: 'unconfirmed' };
  if (new Set(usable.map((p) => p.state)).size > 1) return { place: null, miss: 'ambiguous' };
  return { place: preferTown(usable), miss: 'ambiguous' };
}

// An LGA's own name outweighs a town of that name that GeoNames files under a neighbouring
// LGA ("Katagum", "Zaria"); a town of the same LGA carries its own point, the LGA does not.
function preferTown(places: readonly Place[]): Place {
  const lga = places.find((p) => p.kind === 'lga');
  const town = places.find((p) => p.kind === 'town' && (!lga || p.lga === lga.lga));
  return town ?? lga ?? places[0]!;
}

function firstState(
  mentions: readonly PlaceMention[],
  statesNamed: ReadonlySet<StateName>,
): StateName | null {
  // An explicit "X State" is the strongest signal; after that, text order.
  for (const mention of mentions) {
    if (mention.marker !== 'state') continue;
    const place = mention.places.find((p) => p.kind === 'state');
    if (place) return place.state;
  }
  for (const mention of mentions) {
    for (const place of mention.places) {
      if (statesNamed.has(place.state) && (place.kind === 'state' || place.kind === 'town'))
        return place.state;
    }
  }
  return null;
}
