/**
 * The background work every serving process runs, started by its first request (Astro's
 * middleware or the hot path, whichever comes first); each starter runs once per build.
 */
import { ensureXapiSender } from './xapi/sender.ts';
import { ensurePublishRunner } from './publishing/runner.ts';
import { ensureIndicatorFacts } from './indicators/index.ts';

export function ensureBackgroundWork(): void {
  // Statements queued before a restart are sent without waiting for a new one (no-op without XAPI_ENDPOINT).
  ensureXapiSender();
  ensurePublishRunner();
  // Every write of this process keeps the indicators' stored facts true; the first start builds them.
  ensureIndicatorFacts();
}
