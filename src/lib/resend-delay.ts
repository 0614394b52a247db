/**
 * How long a page waits before sending again what the server did not take (no connection, a
 * busy server's 503, a gateway's 502/504, a 429): the server's Retry-After when it gave one,
 * otherwise a wait that doubles with each failure in a row. Either is stretched by up to half at
 * random, so that the learners a busy server turned away together (an exam hall, a province's
 * evening before a deadline) do not all come back in the same second; never more than `capMs`.
 * The progress tracker (src/scripts/progress-sync.ts) and the quiz page use it.
 */

export interface ResendPolicy {
  /** The wait after a first failure without Retry-After, doubled for each further one. */
  firstMs: number;
  /** The longest wait, whatever the server asks. */
  capMs: number;
}

/** A server asking for less than this (or 0) is still given this much. */
const SHORTEST_MS = 1_000;
/** The date form servers send (IMF-fixdate): "Tue, 08 Dec 2026 10:00:30 GMT". */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110,
 * section 10.2.3; the IMF-fixdate form); undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Milliseconds to wait before sending again, after `failures` (at least 1) failures in a row. */
export function resendDelayMs(
  failures: number,
  retryAfter: string | null | undefined,
  policy: ResendPolicy,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const asked = retryAfterMs(retryAfter, now);
  const wait = asked === undefined ? policy.firstMs * 2 ** Math.max(0, failures - 1) : Math.max(SHORTEST_MS, asked);
  return Math.min(policy.capMs, wait * (1 + random() / 2));
}
