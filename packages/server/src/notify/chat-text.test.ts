import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAT_TEXT_MAX_CHARS, chatSafe, truncateOutsideText } from './chat-text';

describe('chatSafe', () => {
  it('escapes the three characters Slack reads as markup', () => {
    expect(chatSafe('a & b <c> d')).toBe('a &amp; b &lt;c&gt; d');
  });

  it('neutralises broadcast mentions, Slack links and Markdown links', () => {
    const hostile =
      '<!channel> <!here> @everyone @Here <https://phish.example|Login> [x](https://p.example)';
    const safe = chatSafe(hostile);
    expect(safe).not.toMatch(/<!/);
    expect(safe).not.toMatch(/<https?:/);
    expect(safe).not.toMatch(/@(everyone|here|channel|all)\b/i);
    expect(safe).not.toContain('](');
    expect(safe).not.toContain('://');
  });

  it('bounds the length of outside text', () => {
    const safe = chatSafe('x'.repeat(10_000));
    expect(safe.length).toBe(CHAT_TEXT_MAX_CHARS);
    expect(safe.endsWith('…')).toBe(true);
  });

  it('never lets an opening angle bracket or a broadcast mention through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 400 }), (text) => {
        const safe = chatSafe(text, 1000);
        expect(safe).not.toContain('<');
        expect(safe).not.toContain('>');
        expect(safe).not.toMatch(/@(everyone|here|channel|all)\b/i);
      }),
    );
  });

  it('is linear on adversarial input', () => {
    const input = '@'.repeat(100_000) + '<'.repeat(100_000) + ']('.repeat(50_000);
    const started = performance.now();
    chatSafe(input, input.length + 1);
    // Generous: a quadratic pattern would take minutes on 300 KB.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('truncateOutsideText', () => {
  it('drops control and bidi characters and bounds the length', () => {
    expect(truncateOutsideText('a\u0000b\u202ec')).toBe('a b c');
    expect(truncateOutsideText('y'.repeat(1000), 10)).toBe('yyyyyyyyy…');
  });
});
