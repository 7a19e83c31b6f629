import nigeria from '@svg-maps/nigeria';

/**
 * The map's outlines: `@svg-maps/nigeria` (CC BY 4.0, see {@link MAP_ATTRIBUTION}). Its ids
 * are mapped to the server's 37 state names explicitly, because spellings differ
 * ("Nassarawa" in the package, "Nasarawa" on the server).
 */

/** One outline of the package. */
export interface MapLocation {
  id: string;
  name: string;
  path: string;
}

interface SvgMap {
  viewBox: string;
  locations: MapLocation[];
}

const MAP = nigeria as unknown as SvgMap;

export const MAP_VIEW_BOX = MAP.viewBox;

/** Package id → the server's state name. */
export const STATE_OF_MAP_ID: Readonly<Record<string, string>> = {
  abia: 'Abia',
  adamawa: 'Adamawa',
  'akwa-ibom': 'Akwa Ibom',
  anambra: 'Anambra',
  bauchi: 'Bauchi',
  benue: 'Benue',
  borno: 'Borno',
  bayelsa: 'Bayelsa',
  'cross-river': 'Cross River',
  delta: 'Delta',
  ebonyi: 'Ebonyi',
  edo: 'Edo',
  ekiti: 'Ekiti',
  enugu: 'Enugu',
  fct: 'Federal Capital Territory',
  gombe: 'Gombe',
  imo: 'Imo',
  jigawa: 'Jigawa',
  kaduna: 'Kaduna',
  kebbi: 'Kebbi',
  kano: 'Kano',
  kogi: 'Kogi',
  katsina: 'Katsina',
  kwara: 'Kwara',
  lagos: 'Lagos',
  nassarawa: 'Nasarawa',
  niger: 'Niger',
  ogun: 'Ogun',
  ondo: 'Ondo',
  osun: 'Osun',
  oyo: 'Oyo',
  plateau: 'Plateau',
  rivers: 'Rivers',
  sokoto: 'Sokoto',
  taraba: 'Taraba',
  yobe: 'Yobe',
  zamfara: 'Zamfara',
};

/** The outlines with the server's state names. */
export const STATE_SHAPES: ReadonlyArray<{ id: string; state: string; path: string }> =
  MAP.locations
    .filter((location) => STATE_OF_MAP_ID[location.id] !== undefined)
    .map((location) => ({
      id: location.id,
      state: STATE_OF_MAP_ID[location.id]!,
      path: location.path,
    }));

export const MAP_ATTRIBUTION = {
  text: 'Map outlines: @svg-maps/nigeria by Michael Chukwu, after mapsvg.com',
  license: 'CC BY 4.0',
  licenseUrl: 'https://creativecommons.org/licenses/by/4.0/',
} as const;
