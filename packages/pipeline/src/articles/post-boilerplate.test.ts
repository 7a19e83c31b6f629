import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutPostBoilerplate } from './article-identity';

describe('withoutPostBoilerplate', () => {
  it('cuts the WordPress trailer from the summary', () => {
    expect(
      withoutPostBoilerplate(
        'Gunmen killed 12. The post Gunmen kill 12 in Plateau appeared first on Punch Newspapers.',
      ),
    ).toBe('Gunmen killed 12. ');
    expect(withoutPostBoilerplate('No trailer here. The post office opened.')).toBe(
      'No trailer here. The post office opened.',
    );
  });

  it('cuts exactly what /\\bThe post .* appeared first on .*$/i cut', () => {
    const legacy = (text: string) => text.replace(/\bThe post .* appeared first on .*$/i, '');
    const fragment = fc.constantFrom(
      'The post ',
      'the POST ',
      'xThe post ',
      ' appeared first on ',
      ' APPEARED first on ',
      'appeared first on',
      'Punch',
      ' ',
      '\n',
      '\r',
      '\u2028',
      '.',
      '_',
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 20 }),
        fc.string({ maxLength: 5 }),
        (parts, s) => {
          const text = parts.join('') + s;
          expect(withoutPostBoilerplate(text)).toBe(legacy(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
