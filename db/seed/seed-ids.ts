/**
 * Stands in for src/lib/ids.ts while the demo history is seeded (server-seams.ts swaps it in):
 * ids of the same form (120 bits, lower-case base32), drawn from a stream fixed by the demo's
 * seed instead of the system's randomness. A quiz attempt draws its questions with its id as the
 * seed, so fixed ids give the same questions, hence the same scores, on every run. Certificate
 * codes, passwords and sessions do not use this module and stay random.
 */
import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

let seed = 'hoc-lieu-so-demo';
let drawn = 0;

/** Restarts the stream from `name` (demo-history.ts, once per seeding). */
export function useSeedIds(name: string): void {
  seed = name;
  drawn = 0;
}

/** The next id of the stream. */
export function newId(): string {
  drawn += 1;
  return encodeBase32LowerCaseNoPadding(createHash('sha256').update(`${seed}:${drawn}`).digest().subarray(0, 15));
}
