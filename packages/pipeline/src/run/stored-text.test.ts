import { describe, expect, it } from 'vitest';
import { MAX_STORED_ERROR_CHARS, storedErrorText } from './stored-text';

describe('storedErrorText', () => {
  it('turns control characters and bidi overrides into spaces and collapses whitespace', () => {
    expect(
      storedErrorText('FEED_NOT_A_FEED: a\u0000b\u001b[31mred\r\n\u0085c\u202eevil\u2066'),
    ).toBe('FEED_NOT_A_FEED: a b [31mred c evil');
  });

  it(`cuts to ${MAX_STORED_ERROR_CHARS} characters, never inside a surrogate pair`, () => {
    const cut = storedErrorText('x'.repeat(10_000));
    expect(cut).toHaveLength(MAX_STORED_ERROR_CHARS);
    expect(cut.endsWith('x…')).toBe(true);
    const emoji = storedErrorText('😀'.repeat(1000), 10);
    expect(emoji).toBe('😀😀😀😀…');
    expect(storedErrorText('short')).toBe('short');
  });
});
