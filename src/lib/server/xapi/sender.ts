/**
 * The background sender of the xAPI outbox. Each round claims a batch of due rows with one
 * UPDATE … RETURNING that pushes their next_attempt_at forward by a lease, so two processes never
 * send the same row at once; then sends them with no transaction open, and records each outcome
 * only if its lease is still ours. 200/204 and 409 (the LRS knows the id) mean delivered; anything
 * else is retried with exponential backoff and jitter, and after the last attempt marked failed
 * (an administrator can resend it). Enabled only when XAPI_ENDPOINT is set; started on first use
 * in the server process, and its timer never keeps the process alive.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { xapiOutbox } from '../../../../db/schema/xapi.ts';
import { onRetire } from '../build-lifecycle.ts';
import { getDb } from '../db.ts';

/** How the sender reaches the LRS and how patient it is. */
export interface SenderConfig {
  /** The LRS's xAPI base, without a trailing slash ("https://lrs.example/xapi"). */
  endpoint: string;
  /** The Authorization header, e.g. "Basic …"; none when the LRS needs none. */
  authorization?: string;
  /** Per request: a request not answered by then counts as failed. */
  timeoutMs: number;
  /** Attempts before a row is marked failed. */
  maxAttempts: number;
  /** Backoff after the first failure; doubles each time, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Rows claimed per round, and sent at once at most. */
  batchSize: number;
  concurrency: number;
  /** How often the timer looks for due rows. */
  intervalMs: number;
}

/** What one round did. */
export interface RoundResult {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

/**
 * The sender's settings from the environment: XAPI_ENDPOINT (required), XAPI_USERNAME and
 * XAPI_PASSWORD (basic auth) or XAPI_AUTHORIZATION (the whole header), XAPI_TIMEOUT_MS,
 * XAPI_MAX_ATTEMPTS, XAPI_BACKOFF_MS, XAPI_SEND_INTERVAL_MS. Null when no endpoint is set.
 */
export function senderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SenderConfig | null {
  const endpoint = env.XAPI_ENDPOINT?.trim().replace(/\/+$/, '');
  if (!endpoint) return null;
  const authorization =
    env.XAPI_AUTHORIZATION?.trim() ||
    (env.XAPI_USERNAME
      ? `Basic ${Buffer.from(`${env.XAPI_USERNAME}:${env.XAPI_PASSWORD ?? ''}`).toString('base64')}`
      : undefined);
  return {
    endpoint,
    authorization,
    timeoutMs: positive(env.XAPI_TIMEOUT_MS, 10_000),
    maxAttempts: positive(env.XAPI_MAX_ATTEMPTS, 12),
    backoffMs: positive(env.XAPI_BACKOFF_MS, 5_000),
    maxBackoffMs: 3_600_000,
    batchSize: 20,
    concurrency: 4,
    intervalMs: positive(env.XAPI_SEND_INTERVAL_MS, 5_000),
  };
}

/** The wait before the next attempt after `attempts` failures: exponential, with jitter in [½, 1]. */
export function backoffDelay(
  config: Pick<SenderConfig, 'backoffMs' | 'maxBackoffMs'>,
  attempts: number,
  random = Math.random,
): number {
  const ceiling = Math.min(config.maxBackoffMs, config.backoffMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Sends one statement (PUT …/statements?statementId=…); null when delivered, else the error. */
export async function sendStatement(
  config: SenderConfig,
  statementId: string,
  statement: unknown,
): Promise<string | null> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' };
  if (config.authorization) headers.Authorization = config.authorization;
  try {
    const response = await fetch(`${config.endpoint}/statements?statementId=${encodeURIComponent(statementId)}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(statement),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const body = await response.text();
    // 409: the LRS already holds a statement with this id, i.e. an earlier attempt got through.
    if (response.status === 200 || response.status === 204 || response.status === 409) return null;
    return `HTTP ${response.status}${body ? `: ${body.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
      return `Hết thời gian chờ (${config.timeoutMs} ms)`;
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `Lỗi mạng: ${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 300);
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}

/** Claims up to one batch of due rows, sends them and records each outcome; one round. */
export async function deliverDue(
  db: Database,
  config: SenderConfig,
  now: () => number = Date.now,
): Promise<RoundResult> {
  const claimedAt = now();
  // Long enough for the whole batch through the pool, each request at its timeout.
  const leaseUntil = new Date(
    claimedAt + config.timeoutMs * (Math.ceil(config.batchSize / config.concurrency) + 1) + 30_000,
  );
  const due = db
    .select({ id: xapiOutbox.statementId })
    .from(xapiOutbox)
    .where(and(eq(xapiOutbox.status, 'pending'), lte(xapiOutbox.nextAttemptAt, new Date(claimedAt))))
    .orderBy(asc(xapiOutbox.nextAttemptAt))
    .limit(config.batchSize);
  const claimed = await db
    .update(xapiOutbox)
    .set({ nextAttemptAt: leaseUntil, attempts: sql`${xapiOutbox.attempts} + 1` })
    .where(
      and(
        inArray(xapiOutbox.statementId, due),
        eq(xapiOutbox.status, 'pending'),
        lte(xapiOutbox.nextAttemptAt, new Date(claimedAt)),
      ),
    )
    .returning({ id: xapiOutbox.statementId, statement: xapiOutbox.statement, attempts: xapiOutbox.attempts });

  const result: RoundResult = { claimed: claimed.length, delivered: 0, retried: 0, failed: 0 };
  await inPool(claimed, config.concurrency, async (row) => {
    const error = await sendStatement(config, row.id, row.statement);
    const finishedAt = now();
    const stillOurs = and(
      eq(xapiOutbox.statementId, row.id),
      eq(xapiOutbox.status, 'pending'),
      eq(xapiOutbox.nextAttemptAt, leaseUntil),
    );
    if (error === null) {
      await db
        .update(xapiOutbox)
        .set({ status: 'delivered', deliveredAt: new Date(finishedAt), lastError: null })
        .where(stillOurs);
      result.delivered++;
    } else if (row.attempts >= config.maxAttempts) {
      await db.update(xapiOutbox).set({ status: 'failed', lastError: error }).where(stillOurs);
      result.failed++;
    } else {
      await db
        .update(xapiOutbox)
        .set({ nextAttemptAt: new Date(finishedAt + backoffDelay(config, row.attempts)), lastError: error })
        .where(stillOurs);
      result.retried++;
    }
  });
  return result;
}

/** Rounds until a round claims less than a full batch (the rest waits for its backoff). */
export async function drainDue(db: Database, config: SenderConfig, now: () => number = Date.now): Promise<RoundResult> {
  const total: RoundResult = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
  for (;;) {
    const round = await deliverDue(db, config, now);
    for (const key of Object.keys(total) as (keyof RoundResult)[]) total[key] += round[key];
    if (round.claimed < config.batchSize) return total;
  }
}

let timer: ReturnType<typeof setInterval> | undefined;
let sending = false;
/** The environment is read once per process: the middleware calls ensureXapiSender on every request. */
let started = false;

/** True when XAPI_ENDPOINT is set, i.e. statements leave this server. */
export function xapiSenderEnabled(): boolean {
  return senderConfigFromEnv() !== null;
}

/** Starts the periodic sender in this process, once; nothing when XAPI_ENDPOINT is not set. */
export function ensureXapiSender(): void {
  if (started) return;
  started = true;
  const config = senderConfigFromEnv();
  if (!config) return;
  timer = setInterval(() => {
    if (sending) return;
    sending = true;
    drainDue(getDb(), config)
      .catch((error: unknown) => console.error('Không gửi được các bản ghi xAPI:', error))
      .finally(() => (sending = false));
  }, config.intervalMs);
  timer.unref();
  onRetire(() => clearInterval(timer));
}
