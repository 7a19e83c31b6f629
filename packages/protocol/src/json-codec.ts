import { isJsonObject, putMember, type Json, type JsonObject } from './merge-patch';

/**
 * A lossless re-encoding of JSON that merge patches can diff exactly and finely:
 * - `null` becomes the string `"\u0001"` (RFC 7386 cannot set a member to null), and a string
 *   that starts with `\u0001` gets one more in front, so no real string is mistaken for null;
 * - an array becomes an object `{ "\u0001": length, "0": …, "1": … }`, so a change to one
 *   element of a long list (one source of twenty) patches that element, not the whole list;
 * - an object key starting with `\u0001` gets one more in front, so it never meets the marker.
 * `decodeJson(encodeJson(x))` deep-equals `x` for every JSON value `x`.
 */

const MARK = '\u0001';

const escape = (text: string): string => (text.startsWith(MARK) ? MARK + text : text);
const unescape = (text: string): string => (text.startsWith(MARK) ? text.slice(1) : text);

/** `value` with every null, array and marker-like string re-encoded (a new value). */
export function encodeJson(value: Json): Json {
  if (value === null) return MARK;
  if (typeof value === 'string') return escape(value);
  if (Array.isArray(value)) {
    const encoded: JsonObject = { [MARK]: value.length };
    value.forEach((item, index) => {
      putMember(encoded, String(index), encodeJson(item));
    });
    return encoded;
  }
  if (isJsonObject(value)) {
    const encoded: JsonObject = {};
    for (const [key, item] of Object.entries(value))
      putMember(encoded, escape(key), encodeJson(item));
    return encoded;
  }
  return value;
}

/** The inverse of {@link encodeJson}. Throws on a value `encodeJson` cannot have written. */
export function decodeJson(value: Json): Json {
  if (value === MARK) return null;
  if (typeof value === 'string') return unescape(value);
  if (value === null || Array.isArray(value)) {
    throw new Error('not an encoded JSON value: raw null or array found');
  }
  if (isJsonObject(value)) {
    if (Object.hasOwn(value, MARK)) {
      const length = value[MARK];
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
        throw new Error('not an encoded JSON value: bad array length');
      }
      const items: Json[] = [];
      for (let index = 0; index < length; index += 1) {
        const item = value[String(index)];
        if (item === undefined) throw new Error(`not an encoded JSON value: item ${index} missing`);
        items.push(decodeJson(item));
      }
      return items;
    }
    const decoded: JsonObject = {};
    for (const [key, item] of Object.entries(value))
      putMember(decoded, unescape(key), decodeJson(item));
    return decoded;
  }
  return value;
}
