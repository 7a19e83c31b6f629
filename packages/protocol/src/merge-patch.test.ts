import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from './json-codec';
import { applyMergePatch, createMergePatch, jsonEqual, type Json } from './merge-patch';

const json = fc.jsonValue() as fc.Arbitrary<Json>;
/** JSON without null anywhere: what plain RFC 7386 diffs exactly. */
const nullFree = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.boolean(),
    fc.integer(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('applyMergePatch (RFC 7386 appendix A examples)', () => {
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('leaves its inputs alone', () => {
    const target: Json = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });

  it('keeps a member named __proto__ as a member', () => {
    const patched = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":1}}') as Json);
    expect(Object.keys(patched as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('createMergePatch', () => {
  it('returns undefined for equal values and the smallest member patch otherwise', () => {
    expect(createMergePatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeUndefined();
    expect(createMergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2, d: 4 }, e: 5 })).toEqual({
      a: null,
      b: { d: 4 },
      e: 5,
    });
  });

  it('property: applying the diff of two null-free values gives the second', () => {
    fc.assert(
      fc.property(nullFree, nullFree, (a, b) => {
        const patch = createMergePatch(a, b);
        expect(jsonEqual(patch === undefined ? a : applyMergePatch(a, patch), b)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('JSON codec (encodeJson/decodeJson)', () => {
  it('property: decode(encode(x)) is x for every JSON value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(jsonEqual(decodeJson(encodeJson(value)), value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a patch between encoded values restores the second exactly, nulls included', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const from = encodeJson(a);
        const patch = createMergePatch(from, encodeJson(b));
        const restored = decodeJson(patch === undefined ? from : applyMergePatch(from, patch));
        expect(jsonEqual(restored, b)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('patches one element of a list, not the list', () => {
    const before = {
      sources: [
        { id: 'a', n: 1 },
        { id: 'b', n: 1 },
      ],
      last_error: 'x',
    };
    const after = {
      sources: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ],
      last_error: null,
    };
    expect(createMergePatch(encodeJson(before), encodeJson(after))).toEqual({
      sources: { '1': { n: 2 } },
      last_error: '\u0001',
    });
  });

  it('keeps strings and keys that look like the marker', () => {
    const value: Json = { '\u0001': ['\u0001', '\u0001\u0001x', '\u0000', null], '0': [] };
    expect(decodeJson(encodeJson(value))).toEqual(value);
  });

  it('refuses values it cannot have written', () => {
    expect(() => decodeJson([1])).toThrow(/raw null or array/);
    expect(() => decodeJson({ '\u0001': 2, '0': 1 })).toThrow(/item 1 missing/);
  });
});
