/**
 * The rate limit kept in the database (src/lib/server/rate-limit.ts): two real server processes
 * on one database file count the same lookups, a limiter's counting over time, and a take that
 * stays atomic however many requests race for the last tokens.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const LIMIT = 4;
const UNKNOWN_CODE_PATH = '/xac-minh/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHA/';

let databaseUrl: string;
let servers: RunningServer[] = [];
before(async () => {
  databaseUrl = await createTestDatabase();
  // The in-process limiters below use getDb(), which opens DATABASE_URL on first use.
  process.env.DATABASE_URL = databaseUrl;
  const env = { DATABASE_URL: databaseUrl, VERIFY_RATE_LIMIT_PER_MINUTE: String(LIMIT) };
  servers = await Promise.all([startServer(env), startServer(env)]);
});
after(() => Promise.all(servers.map((server) => server.stop())));

interface Answer {
  status: number;
  retryAfter?: string;
  body: string;
}

/**
 * GET from a given loopback address: a client address of its own, with no forwarded header
 * that the server may or may not trust (all of 127.0.0.0/8 reaches the loopback on Linux).
 */
function getFrom(baseUrl: string, path: string, localAddress = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${baseUrl}${path}`, { localAddress }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: response.headers['retry-after'] as string | undefined,
          body,
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the verification rate limit over two server instances', () => {
  test('counts the lookups of one address on both: the fifth overall is refused though each saw fewer than the limit', async () => {
    const [a, b] = servers;
    const statuses: Record<'a' | 'b', number[]> = { a: [], b: [] };
    for (let i = 0; i < LIMIT; i++) {
      const which = i % 2 === 0 ? 'a' : 'b';
      statuses[which].push((await getFrom((which === 'a' ? a : b).baseUrl, UNKNOWN_CODE_PATH)).status);
    }

    const refused = await getFrom(a.baseUrl, UNKNOWN_CODE_PATH);

    assert.deepEqual(statuses, { a: [404, 404], b: [404, 404] }, 'each server alone let through half the limit');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.retryAfter) >= 1, `Retry-After: ${refused.retryAfter}`);
    assert.ok(refused.body.includes('Hãy thử lại sau'), 'the page says when to try again');
    assert.equal((await getFrom(b.baseUrl, UNKNOWN_CODE_PATH)).status, 429, 'the other server refuses too');
  });

  test('does not limit another address', async () => {
    const [a, b] = servers;

    assert.equal((await getFrom(a.baseUrl, UNKNOWN_CODE_PATH, '127.0.0.2')).status, 404);
    assert.equal((await getFrom(b.baseUrl, UNKNOWN_CODE_PATH, '127.0.0.2')).status, 404);
  });

  test('lets exactly the limit through when 40 lookups race on both servers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => getFrom(servers[i % 2].baseUrl, UNKNOWN_CODE_PATH, '127.0.0.3')),
    );
    const statuses = answers.map((answer) => answer.status);

    assert.equal(statuses.filter((status) => status === 404).length, LIMIT);
    assert.equal(statuses.filter((status) => status === 429).length, 40 - LIMIT);
  });
});

describe('createRateLimiter on the database', () => {
  test('allows `limit` requests at once, then refuses with the seconds to wait', async () => {
    const { createRateLimiter } = await import('../../src/lib/server/rate-limit.ts');
    const limiter = createRateLimiter({ scope: 'test-burst', limit: 5, windowMs: 60_000 });

    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await limiter.take('10.0.0.1', 1_000));

    assert.deepEqual(answers.slice(0, 5), Array(5).fill({ allowed: true }));
    assert.deepEqual(answers[5], { allowed: false, retryAfterSeconds: 12 });
  });

  test('allows again once the wait has passed, refills adding up to a whole token included', async () => {
    const { createRateLimiter } = await import('../../src/lib/server/rate-limit.ts');
    const limiter = createRateLimiter({ scope: 'test-refill', limit: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await limiter.take('10.0.0.1', 0);

    assert.equal((await limiter.take('10.0.0.1', 11_000)).allowed, false);
    assert.equal((await limiter.take('10.0.0.1', 12_000)).allowed, true);
    for (let i = 0; i < 5; i++) await limiter.take('10.0.0.2', 0);
    assert.equal((await limiter.take('10.0.0.2', 10_000)).allowed, false);
    assert.equal((await limiter.take('10.0.0.2', 12_000)).allowed, true, '10 s + 2 s of refill make one token');
  });

  test('counts each client and each scope on its own', async () => {
    const { createRateLimiter } = await import('../../src/lib/server/rate-limit.ts');
    const limiter = createRateLimiter({ scope: 'test-keys', limit: 2, windowMs: 60_000 });
    const other = createRateLimiter({ scope: 'test-keys-other', limit: 2, windowMs: 60_000 });
    await limiter.take('10.0.0.1', 0);
    await limiter.take('10.0.0.1', 0);

    assert.equal((await limiter.take('10.0.0.1', 0)).allowed, false);
    assert.equal((await limiter.take('10.0.0.2', 0)).allowed, true);
    assert.equal((await other.take('10.0.0.1', 0)).allowed, true);
  });

  test('never lets a steady stream through faster than the limit', async () => {
    const { createRateLimiter } = await import('../../src/lib/server/rate-limit.ts');
    const limiter = createRateLimiter({ scope: 'test-stream', limit: 30, windowMs: 60_000 });

    let allowed = 0;
    for (let ms = 0; ms < 3 * 60_000; ms += 250) if ((await limiter.take('10.0.0.1', ms)).allowed) allowed += 1;

    // Three minutes at four requests a second: the burst of 30, then 30 a minute.
    assert.ok(allowed <= 30 + 90, `${allowed} allowed`);
    assert.ok(allowed >= 90, `${allowed} allowed`);
  });

  test('allows exactly the limit when 40 takes race', async () => {
    const { createRateLimiter } = await import('../../src/lib/server/rate-limit.ts');
    const limiter = createRateLimiter({ scope: 'test-race', limit: 5, windowMs: 60_000 });

    const answers = await Promise.all(Array.from({ length: 40 }, () => limiter.take('10.0.0.1')));

    assert.equal(answers.filter((answer) => answer.allowed).length, 5);
  });

  test('stores an overlong key cut short, and deletes buckets full again at most once a minute', async () => {
    const { createRateLimiter, MAX_KEY_LENGTH } = await import('../../src/lib/server/rate-limit.ts');
    const { openTestDatabase } = await import('../support/database.ts');
    const limiter = createRateLimiter({ scope: 'test-prune', limit: 2, windowMs: 60_000 });
    const db = openTestDatabase(databaseUrl);
    const keysOf = async () =>
      (await db.$client.execute("SELECT key FROM rate_limit_buckets WHERE scope = 'test-prune' ORDER BY key")).rows.map(
        (row) => String(row.key),
      );
    try {
      await limiter.take('x'.repeat(5_000), 1_000_000);
      assert.deepEqual(
        (await keysOf()).map((key) => key.length),
        [MAX_KEY_LENGTH],
      );

      await limiter.take('10.0.0.9', 1_030_000);
      assert.equal((await keysOf()).length, 2, 'not pruned again within the minute');

      await limiter.take('10.0.0.8', 1_070_000);
      // The pruning runs after the answer, in the background: give it a moment.
      for (let tries = 0; tries < 40 && (await keysOf()).length !== 2; tries++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      assert.deepEqual(await keysOf(), ['10.0.0.8', '10.0.0.9'], 'the bucket untouched for a whole window is gone');
    } finally {
      db.$client.close();
    }
  });
});
