/**
 * Lets the seed run the server's own modules under plain Node, reproducibly and fast. A resolve
 * hook (Node's module.registerHooks, in the seed's process only) answers three modules with stand-ins:
 * - src/lib/server/completion/record-completion.ts, the one module on the history's way that
 *   depends on the Astro build (it reads the published courses through astro:content; close-attempt.ts
 *   calls it after a passed final test), with seed-completion.ts, which calls the same
 *   completeCourseIfDue on the courses read from disk;
 * - src/lib/ids.ts with seed-ids.ts, ids from a fixed stream, so that quiz draws (seeded by the
 *   attempt's id) and hence scores are the same on every run;
 * - src/lib/server/db.ts with seed-db.ts, the same handle on one connection that skips the disk
 *   flush until the history is written.
 * Import this module before any server module: modules loaded earlier keep the originals.
 */
import { registerHooks } from 'node:module';

const here = (path: string) => new URL(path, import.meta.url).href;
const STAND_INS = new Map([
  [here('../../src/lib/server/completion/record-completion.ts'), here('./seed-completion.ts')],
  [here('../../src/lib/ids.ts'), here('./seed-ids.ts')],
  [here('../../src/lib/server/db.ts'), here('./seed-db.ts')],
]);

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const standIn = STAND_INS.get(resolved.url);
    return standIn ? { ...resolved, url: standIn } : resolved;
  },
});
