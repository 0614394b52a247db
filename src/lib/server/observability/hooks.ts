/**
 * What the application's code reports to the metrics of scripts/serve.mjs.
 *
 * serve.mjs and the build it serves run in one process, but the build is bundled by Vite: a
 * prom-client registry imported on both sides could be two module instances, the build's never
 * scraped. So prom-client is loaded by serve.mjs only (metrics.ts), which puts these hooks on
 * globalThis under a Symbol.for key, as it shares its switch hook; application code calls them
 * through here and does nothing when they are absent (metrics off, `astro dev`, scripts, tests).
 */
export const METRICS_HOOKS = Symbol.for('hoc-lieu-so.metrics');

export interface MetricsHooks {
  /** A sign-in refused for a wrong username or password (throttled tries are not counted). */
  failedSignIn(): void;
  /** Seconds a database write waited for the in-process write lock (db/serialized-writes.ts). */
  writeQueueWait(seconds: number): void;
}

const hooks = () => (globalThis as { [METRICS_HOOKS]?: MetricsHooks })[METRICS_HOOKS];

/** Counts one failed sign-in. */
export function countFailedSignIn(): void {
  hooks()?.failedSignIn();
}
