/**
 * How a build's background work stops when the live site switches to a newer build.
 * scripts/serve.mjs keeps every build of the site loaded in one process for a moment: before it
 * imports a new build it puts a fresh array at RETIRE_HOOKS, so whatever that build registers
 * lands there; after the switch it runs the old build's array. Outside serve.mjs (astro dev,
 * tests importing modules directly) the array is simply never run.
 */
const RETIRE_HOOKS = Symbol.for('hoc-lieu-so.retire-hooks');

type HookHolder = { [RETIRE_HOOKS]?: Array<() => void> };

/** Registers `stop` to run when the build this module belongs to stops serving. */
export function onRetire(stop: () => void): void {
  const holder = globalThis as HookHolder;
  // Read at call time: the array in place now is the one of the build being loaded or served.
  (holder[RETIRE_HOOKS] ??= []).push(stop);
}
