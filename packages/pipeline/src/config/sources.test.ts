import { describe, expect, it } from 'vitest';
import { loadSources, parseSources } from './sources';

const base = { id: 'intranet', name: 'Intranet', url: 'http://10.0.0.5/feed' };

describe('parseSources: allow_private_network', () => {
  it('is off unless set to true, and then kept on the source', () => {
    expect(parseSources({ sources: [base] })[0]).not.toHaveProperty('allow_private_network');
    expect(
      parseSources({ sources: [{ ...base, allow_private_network: false }] })[0],
    ).not.toHaveProperty('allow_private_network');
    expect(parseSources({ sources: [{ ...base, allow_private_network: true }] })[0]).toMatchObject({
      allow_private_network: true,
    });
  });

  it('names the field when it is not a boolean', () => {
    expect(() =>
      parseSources({ sources: [{ ...base, allow_private_network: 'yes' }] }, 'sources.json'),
    ).toThrow('sources.json: sources[0] (intranet).allow_private_network must be true or false');
  });

  it('is set on none of the shipped sources: they are public feeds', () => {
    expect(loadSources().filter((s) => s.allow_private_network)).toEqual([]);
  });
});
