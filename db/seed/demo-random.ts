/**
 * Deterministic chance for the demo history: every draw is a pure function of a text key (the
 * official's staff code, the course, the step), so the same history comes out on every run and
 * in any order of work. No Math.random.
 */

/** 32-bit FNV-1a hash of a text. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** A number in [0, 1) fixed by `key` (one round of mulberry32 over the key's hash). */
export function chance(key: string): number {
  let value = (hash(`hoc-lieu-so-demo:${key}`) + 0x6d2b79f5) >>> 0;
  value = Math.imul(value ^ (value >>> 15), value | 1);
  value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
  return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
}

/** A whole number in [min, max] fixed by `key`. */
export function between(key: string, min: number, max: number): number {
  return min + Math.floor(chance(key) * (max - min + 1));
}
