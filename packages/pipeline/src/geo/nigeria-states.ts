import { NIGERIAN_STATES, type NigerianState } from '@naija-monitor/protocol';

/**
 * The 36 states of Nigeria and the Federal Capital Territory, by their usual English names: the
 * protocol's list, so the monitor's map and state routes and the geocoder name them alike.
 */
export const STATE_NAMES = NIGERIAN_STATES;

/** One of the 37 first-level divisions (36 states and the FCT). */
export type StateName = NigerianState;

/** A point in decimal degrees (WGS 84). */
export interface LatLon {
  latitude: number;
  longitude: number;
}

/** What we know of a state: its capital and a representative point. */
export interface StateFacts {
  name: StateName;
  capital: string;
  /**
   * Approximate geographic centroid of the state's territory (to about 0.2°), used as the
   * event's coordinates when the place is known only to state level.
   */
  centroid: LatLon;
}

const facts = (
  name: StateName,
  capital: string,
  latitude: number,
  longitude: number,
): StateFacts => ({
  name,
  capital,
  centroid: { latitude, longitude },
});

/** Capitals and centroids of every state (facts written down; no lookup at run time). */
export const STATES: Readonly<Record<StateName, StateFacts>> = {
  Abia: facts('Abia', 'Umuahia', 5.45, 7.52),
  Adamawa: facts('Adamawa', 'Yola', 9.33, 12.4),
  'Akwa Ibom': facts('Akwa Ibom', 'Uyo', 5.01, 7.85),
  Anambra: facts('Anambra', 'Awka', 6.22, 6.94),
  Bauchi: facts('Bauchi', 'Bauchi', 10.78, 9.99),
  Bayelsa: facts('Bayelsa', 'Yenagoa', 4.77, 6.07),
  Benue: facts('Benue', 'Makurdi', 7.34, 8.77),
  Borno: facts('Borno', 'Maiduguri', 11.89, 13.15),
  'Cross River': facts('Cross River', 'Calabar', 5.87, 8.6),
  Delta: facts('Delta', 'Asaba', 5.7, 5.93),
  Ebonyi: facts('Ebonyi', 'Abakaliki', 6.26, 8.01),
  Edo: facts('Edo', 'Benin City', 6.63, 5.93),
  Ekiti: facts('Ekiti', 'Ado-Ekiti', 7.72, 5.31),
  Enugu: facts('Enugu', 'Enugu', 6.54, 7.44),
  'Federal Capital Territory': facts('Federal Capital Territory', 'Abuja', 8.89, 7.19),
  Gombe: facts('Gombe', 'Gombe', 10.36, 11.19),
  Imo: facts('Imo', 'Owerri', 5.57, 7.06),
  Jigawa: facts('Jigawa', 'Dutse', 12.23, 9.56),
  Kaduna: facts('Kaduna', 'Kaduna', 10.38, 7.71),
  Kano: facts('Kano', 'Kano', 11.75, 8.52),
  Katsina: facts('Katsina', 'Katsina', 12.38, 7.63),
  Kebbi: facts('Kebbi', 'Birnin Kebbi', 11.49, 4.23),
  Kogi: facts('Kogi', 'Lokoja', 7.73, 6.69),
  Kwara: facts('Kwara', 'Ilorin', 8.97, 4.39),
  Lagos: facts('Lagos', 'Ikeja', 6.55, 3.6),
  Nasarawa: facts('Nasarawa', 'Lafia', 8.54, 8.31),
  Niger: facts('Niger', 'Minna', 9.93, 5.6),
  Ogun: facts('Ogun', 'Abeokuta', 6.99, 3.47),
  Ondo: facts('Ondo', 'Akure', 7.1, 4.84),
  Osun: facts('Osun', 'Osogbo', 7.56, 4.52),
  Oyo: facts('Oyo', 'Ibadan', 8.16, 3.61),
  Plateau: facts('Plateau', 'Jos', 9.22, 9.52),
  Rivers: facts('Rivers', 'Port Harcourt', 4.84, 6.92),
  Sokoto: facts('Sokoto', 'Sokoto', 13.06, 5.24),
  Taraba: facts('Taraba', 'Jalingo', 7.99, 10.77),
  Yobe: facts('Yobe', 'Damaturu', 12.29, 11.44),
  Zamfara: facts('Zamfara', 'Gusau', 12.12, 6.22),
};

/**
 * Nigeria's bounding box, a little generous at the edges. A point outside it is certainly not
 * in Nigeria; a point inside it may still be in a neighbour, which the validator accepts.
 */
export const NIGERIA_BOUNDS = { south: 4.1, north: 13.95, west: 2.6, east: 14.7 } as const;

/** True when the point lies inside {@link NIGERIA_BOUNDS}. */
export function insideNigeria(point: LatLon): boolean {
  return (
    point.latitude >= NIGERIA_BOUNDS.south &&
    point.latitude <= NIGERIA_BOUNDS.north &&
    point.longitude >= NIGERIA_BOUNDS.west &&
    point.longitude <= NIGERIA_BOUNDS.east
  );
}
