// Pure: what an identifier from outside (a backup, a file) must be before Quadro stores it or uses it as a key.

/**
 * Every name an object has before anything is put in it: `hasOwnProperty`, `toString`,
 * `constructor`, `__proto__`… A record or cell keyed by one of them reads the prototype's function
 * instead of "nothing there" (`row.cells['hasOwnProperty']`), which IndexedDB then cannot store
 * (DataCloneError), or reaches the prototype itself.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'constructor']);

/** Quadro's ids are UUIDs or short hashes: anything longer came from somewhere else. */
export const MAX_ID_CHARS = 200;

/** Whether a value can be a Quadro id: a non-empty string of at most MAX_ID_CHARS that is no object-prototype name. */
export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS && !PROTOTYPE_NAMES.has(value);
}

/** Whether a string is one of the object-prototype names (any key an empty object already answers to). */
export function isPrototypeName(value: string): boolean {
  return PROTOTYPE_NAMES.has(value);
}
