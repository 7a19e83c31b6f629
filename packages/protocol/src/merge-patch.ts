/**
 * JSON Merge Patch (RFC 7386): `applyMergePatch` is the RFC's algorithm, `createMergePatch` its
 * inverse. Pure functions over JSON values; inputs are never modified.
 *
 * The format has two blind spots, by design: `null` in a patch means "remove the member", so a
 * member whose new value is `null` (or an object holding one) cannot be expressed; and arrays are
 * replaced whole. `createMergePatch` is exact for values without `null`;
 * {@link ./json-codec} removes `null` (and splits arrays) before diffing, so the status
 * history stays exact for every document.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own member, even one named `__proto__` (plain assignment would set the prototype
 * instead, and outside text may name a member so).
 */
export function putMember(object: JsonObject, key: string, value: Json): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Deep equality of two JSON values (member order ignored). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]!));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key]!, b[key]!));
  }
  return false;
}

/** RFC 7386 section 2: `target` with `patch` merged in (a new value; `target` is untouched). */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else
      putMember(
        result,
        key,
        applyMergePatch(Object.hasOwn(result, key) ? result[key]! : null, value),
      );
  }
  return result;
}

/**
 * A merge patch turning `from` into `to`, or `undefined` when they are equal. Objects are
 * diffed member by member; anything else that differs is replaced whole.
 */
export function createMergePatch(from: Json, to: Json): Json | undefined {
  if (!isJsonObject(from) || !isJsonObject(to)) return jsonEqual(from, to) ? undefined : to;
  const patch: JsonObject = {};
  let changed = false;
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) {
      putMember(patch, key, null);
      changed = true;
    }
  }
  for (const [key, value] of Object.entries(to)) {
    const before = Object.hasOwn(from, key) ? from[key]! : undefined;
    // A new member, or one that was not an object before: merging into nothing keeps it whole.
    const member = before === undefined ? value : createMergePatch(before, value);
    if (member !== undefined) {
      putMember(patch, key, member);
      changed = true;
    }
  }
  return changed ? patch : undefined;
}
