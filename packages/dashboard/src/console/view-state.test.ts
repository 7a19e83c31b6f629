import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseViewState, serializeViewState } from './view-state';

describe('view state in the address', () => {
  it('round-trips every part and keeps parameters that are not ours', () => {
    const view = {
      view: 'source' as const,
      range: '7d' as const,
      source: 'punch',
      state: 'Kaduna',
      at: '2026-01-28T03:12:00.000Z',
    };
    const search = serializeViewState(view, '?api=https%3A%2F%2Fa.example&range=1h');
    expect(search).toContain('api=');
    expect(parseViewState(search)).toEqual(view);
  });

  it('leaves defaults out, so a plain link stays plain', () => {
    expect(serializeViewState(DEFAULT_VIEW, '')).toBe('');
  });

  it('ignores unknown views, ranges, bad times and oversized values', () => {
    expect(parseViewState(`?view=admin&range=1y&at=yesterday&source=${'x'.repeat(500)}`)).toEqual(
      DEFAULT_VIEW,
    );
  });
});
