import NaijaStates from 'naija-state-local-government';
import { describe, expect, it } from 'vitest';
import { Geocoder } from './geocoder';
import { LGAS_BY_STATE } from './nigeria-lgas';
import { STATE_NAMES } from './nigeria-states';

// Names in `naija-state-local-government` that are not LGAs of INEC's list: halves of split
// names, former or proposed areas, districts and towns we do not place, and typos too far from
// any LGA to alias safely. Each still resolves to its state. If the package changes, this list
// shows exactly what moved.
const NOT_LGAS = [
  'Abia: Isiala',
  'Abia: Ngwa North',
  'Anambra: Akwa North',
  'Anambra: Anambra',
  'Anambra: Imo',
  'Anambra: Nibo',
  'Anambra: Olumba',
  'Anambra: Oti',
  'Anambra: Otu-Ocha',
  'Anambra: Uyi',
  'Bayelsa: Adagbabiri',
  'Bayelsa: Kembe',
  'Bayelsa: Toru-Abubo',
  'Cross River: Abuochichie',
  'Delta: Idu',
  'Delta: Ikpemili',
  'Delta: Ndokwa-North',
  'Delta: Ndokwa-South',
  'Delta: Oshielli-North',
  'Delta: Osimili',
  'Delta: Udokwa',
  'Delta: Uraun',
  // Cities over several LGAs (Warri, Akure, Ede, Ile-Ife, Ilesa, Ibadan), not LGAs.
  'Delta: Warri-Central',
  'Ebonyi: Bomadim',
  'Ebonyi: Ukaba',
  'Edo: Afokpella',
  'Edo: Agbazilo',
  'Edo: Iguobano North East',
  'Edo: Ohunmwode',
  'Edo: Ologbo',
  // A town of Ondo State (Akoko North-East) that the package files under Ekiti.
  'Ekiti: Ikare',
  'Imo: Dral-Esat',
  'Imo: Ezeobodo',
  'Imo: Ideato',
  'Imo: Mbano',
  'Imo: Oro-West',
  'Imo: Ugiri-Ikedikeduru',
  'Imo: Unbano',
  'Imo: Zinihitte',
  'Jigawa: Bosuwa',
  'Kaduna: Gwagwada',
  'Kogi: Obaji',
  'Kogi: Oru',
  'Kogi: Oyi',
  'Ondo: Akoko',
  'Ondo: Akoko-North',
  'Ondo: Akoko-South',
  'Ondo: Akure',
  'Ondo: Igbisin',
  'Ondo: Ikale',
  'Ondo: Ilaje-West',
  'Ondo: Oka Ak0Ko',
  'Ondo: Ondo',
  'Osun: Ede',
  'Osun: Ife',
  'Osun: Ilesha',
  'Oyo: Ibadan-Central',
  'Rivers: Elfane',
  'Taraba: Oilingo',
  'Yobe: Borsali',
  'Yobe: Gogaram',
  'Zamfara: Isa',
];

const OFFICIAL_COUNTS: Record<string, number> = {
  Abia: 17,
  Adamawa: 21,
  'Akwa Ibom': 31,
  Anambra: 21,
  Bauchi: 20,
  Bayelsa: 8,
  Benue: 23,
  Borno: 27,
  'Cross River': 18,
  Delta: 25,
  Ebonyi: 13,
  Edo: 18,
  Ekiti: 16,
  Enugu: 17,
  'Federal Capital Territory': 6,
  Gombe: 11,
  Imo: 27,
  Jigawa: 27,
  Kaduna: 23,
  Kano: 44,
  Katsina: 34,
  Kebbi: 21,
  Kogi: 21,
  Kwara: 16,
  Lagos: 20,
  Nasarawa: 13,
  Niger: 25,
  Ogun: 20,
  Ondo: 18,
  Osun: 30,
  Oyo: 33,
  Plateau: 17,
  Rivers: 23,
  Sokoto: 23,
  Taraba: 16,
  Yobe: 17,
  Zamfara: 14,
};

describe('our LGA list against naija-state-local-government', () => {
  it('has 774 LGAs with each state at its official count', () => {
    const counts = Object.fromEntries(STATE_NAMES.map((s) => [s, LGAS_BY_STATE[s].length]));
    expect(counts).toEqual(OFFICIAL_COUNTS);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(774);
  });

  it('names the same 37 states as the package', () => {
    const theirs = NaijaStates.states().map((s) => (s === 'Nassarawa' ? 'Nasarawa' : s));
    expect([...theirs].sort()).toEqual([...STATE_NAMES].sort());
  });

  it('resolves every name the package lists, at LGA precision unless it is not an LGA', () => {
    const geocoder = new Geocoder();
    const notLga: string[] = [];
    const wrongState: Record<string, string> = {};
    for (const entry of NaijaStates.all()) {
      const state = entry.state === 'Nassarawa' ? 'Nasarawa' : entry.state;
      for (const name of new Set(entry.lgas)) {
        const label = `${state}: ${name}`;
        const result = geocoder.geocode({ text: `Gunmen attacked ${name} LGA of ${state} State.` });
        if (result.state !== state) wrongState[label] = String(result.state);
        else if (result.precision !== 'lga') notLga.push(label);
      }
    }
    expect(wrongState).toEqual({});
    expect(notLga).toEqual(NOT_LGAS);
  });
});
