import { describe, expect, it } from 'vitest';
import { Geocoder } from './geocoder';
import { LGAS_BY_STATE } from './nigeria-lgas';
import { STATE_NAMES, STATES, insideNigeria } from './nigeria-states';
import { TOWNS } from './place-aliases';

const geocoder = new Geocoder();
const geocode = (text: string, placeHint?: string) =>
  geocoder.geocode({ text, placeHint: placeHint ?? null });

describe('states', () => {
  it.each(STATE_NAMES.filter((s) => s !== 'Federal Capital Territory'))(
    'places "%s State" at state precision',
    (state) => {
      const result = geocode(`Gunmen killed three people in ${state} State on Sunday.`);
      expect(result).toMatchObject({ precision: 'state', state, lga: null });
      expect(result.latitude).toBe(STATES[state].centroid.latitude);
      expect(result.longitude).toBe(STATES[state].centroid.longitude);
    },
  );

  it('places the FCT by its name and its aliases', () => {
    for (const text of [
      'Clash in the Federal Capital Territory',
      'Police in the FCT said',
      'Protest in F.C.T.',
    ]) {
      expect(geocode(text)).toMatchObject({ state: 'Federal Capital Territory' });
    }
  });

  it('reads a bare state name, except "Niger", which needs "Niger State"', () => {
    expect(geocode('Bandits kill five in Zamfara')).toMatchObject({
      precision: 'state',
      state: 'Zamfara',
    });
    expect(geocode('Floods displace hundreds in Niger')).toMatchObject({
      precision: 'none',
      state: null,
    });
    expect(geocode('Gunmen abduct 20 in Niger State')).toMatchObject({
      precision: 'state',
      state: 'Niger',
    });
  });

  it('gives every centroid inside Nigeria, and every town near its state', () => {
    for (const state of STATE_NAMES)
      expect(insideNigeria(STATES[state].centroid), state).toBe(true);
    for (const town of TOWNS) {
      const c = STATES[town.state].centroid;
      const distanceDeg = Math.hypot(town.latitude - c.latitude, town.longitude - c.longitude);
      expect(distanceDeg, town.name).toBeLessThan(2.5);
    }
  });
});

describe('LGAs', () => {
  it('places every one of the 774 LGAs named as "X LGA of Y State"', () => {
    const misses: string[] = [];
    for (const state of STATE_NAMES) {
      for (const lga of LGAS_BY_STATE[state]) {
        const r = geocode(
          `Gunmen attacked a village in ${lga} Local Government Area of ${state} State.`,
        );
        if (r.precision !== 'lga' || r.state !== state || r.lga !== lga)
          misses.push(`${state}/${lga}: ${JSON.stringify(r)}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it.each([
    ['Bandits attacked Kankara, killing four', 'Katsina', 'Kankara'],
    ['Boko Haram fighters raided Gwoza overnight', 'Borno', 'Gwoza'],
    ['Herders attacked farmers in Bokkos, Plateau State', 'Plateau', 'Bokkos'],
    ['Gunmen struck in Ohaji/Egbema, Imo State', 'Imo', 'Ohaji/Egbema'],
    ['Troops repelled an attack in Birnin-Gwari', 'Kaduna', 'Birnin Gwari'],
    ['Residents of Obio-Akpor protested in Rivers State', 'Rivers', 'Obio/Akpor'],
    ["Violence in Jema'a LGA of Kaduna State", 'Kaduna', "Jema'a"],
    ['Violence in Jemaa, Southern Kaduna', 'Kaduna', "Jema'a"],
    ['Attack on Mai-Adua, Katsina State', 'Katsina', "Mai'Adua"],
  ])('places "%s" in %s / %s', (text, state, lga) => {
    expect(geocode(text)).toMatchObject({ precision: 'lga', state, lga });
  });

  it('takes the longest name, so "Kaura Namoda" is not "Kaura"', () => {
    expect(geocode('Bandits raided Kaura Namoda in Zamfara')).toMatchObject({
      state: 'Zamfara',
      lga: 'Kaura Namoda',
    });
  });
});

describe('aliases', () => {
  // ACLED codes a city over several LGAs at the city, with no LGA: the name does not say which.
  it.each([
    ['Abuja', 'Federal Capital Territory'],
    ['Jos', 'Plateau'],
    ['Port Harcourt', 'Rivers'],
    ['Port-Harcourt', 'Rivers'],
    ['Benin City', 'Edo'],
    ['Ilesha', 'Osun'],
    ['Ibadan', 'Oyo'],
    ['Onitsha', 'Anambra'],
  ])('reads the city %s, over several LGAs, as %s with no LGA', (city, state) => {
    expect(geocode(`Unrest was reported in ${city} on Monday.`)).toMatchObject({
      precision: 'state',
      state,
      lga: null,
    });
  });

  it('still places an LGA named like its city when the text says "LGA"', () => {
    expect(geocode('Gunmen struck in Port Harcourt LGA of Rivers State')).toMatchObject({
      precision: 'lga',
      lga: 'Port Harcourt',
    });
  });

  it.each([
    ['Maiduguri', 'Borno', 'Maiduguri'],
    ['Kafanchan', 'Kaduna', "Jema'a"],
    ['Yelwata', 'Benue', 'Guma'],
    ['Dapchi', 'Yobe', 'Bursari'],
    ['Otukpo', 'Benue', 'Oturkpo'],
    ['Ajegunle', 'Lagos', 'Ajeromi-Ifelodun'],
  ])('reads the town %s as %s / %s', (town, state, lga) => {
    const result = geocode(`Unrest was reported in ${town} on Monday.`);
    expect(result).toMatchObject({ precision: 'lga', state, lga });
    expect(insideNigeria({ latitude: result.latitude!, longitude: result.longitude! })).toBe(true);
  });

  it('reads spelling variants of state names', () => {
    expect(geocode('Gunmen in Nassarawa State')).toMatchObject({ state: 'Nasarawa' });
    expect(geocode('Cultists clash in Akwa-Ibom')).toMatchObject({ state: 'Akwa Ibom' });
  });

  it('gives a region that spans no single LGA at state precision', () => {
    expect(geocode('Fresh killings in Southern Kaduna')).toMatchObject({
      precision: 'state',
      state: 'Kaduna',
      lga: null,
    });
  });
});

describe('ambiguous names', () => {
  it.each([
    ['Hoodlums clash in Surulere, Lagos', 'Lagos'],
    ['Hoodlums clash in Surulere area of Oyo State', 'Oyo'],
    ['Farmers killed in Obi LGA, Benue State', 'Benue'],
    ['Farmers killed in Obi, Nasarawa State', 'Nasarawa'],
    ['Gunmen attack Bassa, Plateau', 'Plateau'],
    ['Gunmen attack Bassa in Kogi State', 'Kogi'],
    ['Cult clash in Ifelodun LGA of Kwara State', 'Kwara'],
    ['Cult clash in Ifelodun, Osun State', 'Osun'],
    ['Robbers struck in Irepodun, Kwara State', 'Kwara'],
  ])('resolves "%s" by the state named: %s', (text, state) => {
    expect(geocode(text)).toMatchObject({ precision: 'lga', state });
  });

  it('leaves an ambiguous LGA with no state at no precision, and says why', () => {
    expect(geocode('Hoodlums clash in Surulere')).toMatchObject({
      precision: 'none',
      miss: 'ambiguous',
    });
    expect(geocode('Clash in Ifelodun LGA')).toMatchObject({
      precision: 'none',
      miss: 'ambiguous',
    });
  });

  it('reads "Nasarawa" as the state, and as the Kano LGA only when the text says so', () => {
    expect(geocode('Gunmen kill two in Nasarawa')).toMatchObject({
      precision: 'state',
      state: 'Nasarawa',
    });
    expect(geocode('Clash in Nasarawa LGA of Kano State')).toMatchObject({
      precision: 'lga',
      state: 'Kano',
      lga: 'Nasarawa',
    });
  });

  it('reads a state name that is also an LGA ("Bauchi") as the state', () => {
    expect(geocode('Police arrest suspects in Bauchi')).toMatchObject({
      precision: 'state',
      state: 'Bauchi',
    });
  });

  it('does not take a person named like an LGA for a place', () => {
    expect(geocode('Peter Obi condemns killings in Benue')).toMatchObject({
      precision: 'state',
      state: 'Benue',
      lga: null,
    });
    expect(geocode('Isa Pantami speaks on insecurity')).toMatchObject({ precision: 'none' });
  });

  it('trusts an explicit "X State" over an LGA name from another state', () => {
    expect(geocode('Attack in Oyi LGA of Kogi State')).toMatchObject({
      precision: 'state',
      state: 'Kogi',
      lga: null,
    });
  });
});

describe('misses', () => {
  it.each([
    'Gunmen attacked a village on Sunday night',
    'Explosion rocks Niger Delta pipeline',
    'Senate passes the 2026 budget',
  ])('gives no place for "%s"', (text) => {
    expect(geocode(text)).toMatchObject({
      precision: 'none',
      state: null,
      latitude: null,
      longitude: null,
      miss: 'no_place',
    });
  });

  it('says when only places outside Nigeria are named', () => {
    expect(geocode('Protesters gathered in Accra and Niamey')).toMatchObject({
      precision: 'none',
      miss: 'foreign',
    });
    expect(geocode('RSF attack on El Fasher camp in Sudan')).toMatchObject({
      precision: 'none',
      miss: 'foreign',
    });
    // A Nigerian place wins over a neighbour named in passing.
    expect(geocode('Boko Haram attack near the Cameroon border in Gwoza')).toMatchObject({
      precision: 'lga',
      state: 'Borno',
    });
  });

  it('keeps a community that is not in the gazetteer, placed by its LGA and state', () => {
    const result = geocode(
      'Gunmen attacked Kwaga community in Sabon Birni LGA of Sokoto State',
      'Kwaga',
    );
    expect(result).toMatchObject({
      precision: 'lga',
      state: 'Sokoto',
      lga: 'Sabon Birni',
      place: 'Kwaga',
    });
  });

  it('keeps a community named with only its state at state precision', () => {
    const result = geocode('Gunmen attacked Tudun Biri village, Kaduna State', 'Tudun Biri');
    expect(result).toMatchObject({ precision: 'state', state: 'Kaduna', place: 'Tudun Biri' });
  });

  it('keeps a community named with nothing else, at no precision', () => {
    expect(geocode('Gunmen attacked Tudun Biri village', 'Tudun Biri')).toMatchObject({
      precision: 'none',
      place: 'Tudun Biri',
      miss: 'no_place',
    });
  });
});

describe('the place of the event, not of its aftermath (issue #18)', () => {
  it('skips where the attackers came from', () => {
    expect(
      geocode(
        'Youths from Ikot Offiong in Odukpani LGA of Cross River State invaded a community in Itu Local Government Area of Akwa Ibom State.',
      ),
    ).toMatchObject({ state: 'Akwa Ibom', lga: 'Itu' });
  });

  it('skips the hospital the injured were taken to', () => {
    expect(
      geocode(
        'Bandits attacked Sabuwa LGA of Katsina State. The injured were taken to hospitals in Funtua.',
      ),
    ).toMatchObject({
      lga: 'Sabuwa',
    });
  });

  it('does not place an event on a road at the towns it joins', () => {
    expect(geocode('An IED exploded on the Maiduguri-Damboa road in Borno State.')).toMatchObject({
      precision: 'state',
      state: 'Borno',
      lga: null,
    });
  });

  it('reads an FCT area council against a neighbouring state', () => {
    expect(
      geocode(
        'Bandits abducted seven persons in Kwali Area Council of the FCT, near the boundary with Kogi State.',
      ),
    ).toMatchObject({ state: 'Federal Capital Territory', lga: 'Kwali' });
  });

  it('prefers "X Local Government Area" over a town named before it', () => {
    expect(
      geocode(
        'Modakeke youths clashed with Ife youths in Ife East Local Government Area of Osun State.',
      ),
    ).toMatchObject({
      lga: 'Ife East',
    });
  });
});

describe('the outskirts of a city, and names that need their state', () => {
  it('does not place "the outskirts of Maiduguri" in Maiduguri LGA', () => {
    expect(geocode('Bandits kill 10 on the outskirts of Maiduguri')).toMatchObject({
      state: 'Borno',
      lga: null,
    });
  });

  it.each([
    ['Gunmen attacked Kagoro in Kaura LGA, Kaduna State.', 'Kaduna', 'Kaura'],
    ['Zamfara: bandits kill 12 in Kaura Namoda', 'Zamfara', 'Kaura Namoda'],
    ['Gunmen kill three in Obi, Nasarawa State', 'Nasarawa', 'Obi'],
    ['Gunmen kill 5 in Surulere, Lagos', 'Lagos', 'Surulere'],
    ['Boko Haram attacks Gwoza; 10 killed', 'Borno', 'Gwoza'],
  ])('%s → %s / %s', (text, state, lga) => {
    expect(geocode(text)).toMatchObject({ state, lga });
  });
});
