import { describe, expect, it } from 'vitest';
import { canonicalUrl, contentHash, stableUuid } from './article-identity';

describe('canonicalUrl', () => {
  it('drops fragments, tracking parameters and the trailing slash, and lower-cases the host', () => {
    expect(
      canonicalUrl(
        'https://PunchNG.com/gunmen-kill-12/?utm_source=twitter&utm_medium=social#comments',
      ),
    ).toBe('https://punchng.com/gunmen-kill-12');
    expect(canonicalUrl('https://example.org/a?b=2&a=1&fbclid=xyz')).toBe(
      'https://example.org/a?a=1&b=2',
    );
  });

  it('leaves what is not a URL as it is', () => {
    expect(canonicalUrl('  not a url ')).toBe('not a url');
  });
});

describe('contentHash', () => {
  it('is the same for the same story whatever the case, punctuation, aggregator prefix or boilerplate', () => {
    const a = contentHash('Bandits kill 14 in Zamfara', 'Armed bandits attacked villages.');
    expect(
      contentHash('Nigeria: Bandits Kill 14 In Zamfara', 'Armed bandits attacked villages!'),
    ).toBe(a);
    expect(
      contentHash(
        'Bandits kill 14 in Zamfara',
        'Armed bandits attacked villages. The post Bandits kill 14 appeared first on Punch.',
      ),
    ).toBe(a);
  });

  it('differs for a different story, and for another edition of the same one', () => {
    const a = contentHash('Bandits kill 14 in Zamfara', 'x');
    expect(contentHash('Bandits kill 15 in Zamfara', 'x')).not.toBe(a);
    expect(contentHash('Bandits kill 14 in Zamfara', 'x', 'pass-2')).not.toBe(a);
  });
});

describe('stableUuid', () => {
  it('is a version-5-shaped UUID that depends only on its inputs', () => {
    const id = stableUuid('article', 'https://punchng.com/a');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('article', 'https://punchng.com/a')).toBe(id);
    expect(stableUuid('event', 'https://punchng.com/a')).not.toBe(id);
  });
});
