/**
 * WORKERS=2: two serving processes share the port and the database (scripts/serve-workers.mjs).
 * Both answer (the request log's pid says which); progress written through either is stored once;
 * a worker killed outright is replaced while the other keeps answering; SIGTERM stops them all.
 * The control: with the default of one process every request is answered by the same pid.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { isNotNull } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { sample } from '../support/metrics.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;

let databaseUrl: string;
let cookie: string;
let pool: RunningServer;
let single: RunningServer;
/** The pool's METRICS_PORT: worker i listens on metricsPort + i. */
let metricsPort: number;

/** Whether nothing listens on a loopback port. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const [learner] = await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(1);
  db.$client.close();
  cookie = `hls_session=${await createSession(learner.id)}`;
  do metricsPort = await freePort();
  while (!(await isFree(metricsPort + 1)));
  [pool, single] = await Promise.all([
    startServer(
      { DATABASE_URL: databaseUrl, WORKERS: '2', METRICS_PORT: String(metricsPort) },
      { captureOutput: true },
    ),
    startServer({ DATABASE_URL: databaseUrl }, { captureOutput: true }),
  ]);
  // The first worker answers health before the second listens: wait for the whole pool.
  const deadline = Date.now() + 30_000;
  while (!/Cả 2 tiến trình phục vụ đã sẵn sàng/.test(pool.output()) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
});
after(() => Promise.all([pool?.stop(), single?.stop()]));

/** Log lines are written every 200 ms (src/lib/server/observability/logger.ts). */
const logFlush = () => new Promise((resolve) => setTimeout(resolve, 500));

/** The pids of the request log lines so far. */
function answeringPids(server: RunningServer): Set<number> {
  const pids = server
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"request"'))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);
  return new Set(pids);
}

/** Sends `count` progress batches over fresh connections (the primary hands connections out in turn). */
async function sendEvents(server: RunningServer, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const statuses = await Promise.all(
    ids.map((id) =>
      fetch(`${server.baseUrl}/api/v1/progress/events`, {
        method: 'POST',
        headers: { Origin: server.baseUrl, Cookie: cookie, 'Content-Type': 'application/json', Connection: 'close' },
        body: JSON.stringify({
          events: [
            { id, kind: 'lesson_opened', courseId: COURSE, lessonId: LESSON, occurredAt: new Date().toISOString() },
          ],
        }),
      }).then((response) => response.status),
    ),
  );
  assert.deepEqual(new Set(statuses), new Set([200]));
  return ids;
}

async function storedOnce(ids: string[]): Promise<boolean> {
  const db = openTestDatabase(databaseUrl);
  const placeholders = ids.map(() => '?').join(', ');
  const result = await db.$client.execute({
    sql: `select count(*) as stored, count(distinct event_id) as distinct_ids from progress_events where event_id in (${placeholders})`,
    args: ids,
  });
  db.$client.close();
  return Number(result.rows[0].stored) === ids.length && Number(result.rows[0].distinct_ids) === ids.length;
}

test('two workers answer on one port and store every acknowledged event once', async () => {
  const ids = await sendEvents(pool, 40);
  assert.ok(await storedOnce(ids));
  await sendEvents(single, 10);
  await logFlush();
  assert.equal(answeringPids(pool).size, 2, 'both workers answered');
  // Control: one process, one pid.
  assert.equal(answeringPids(single).size, 1);
});

/** A worker's metrics page, by its index. */
async function scrape(index: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${metricsPort + index}/metrics`);
  assert.equal(response.status, 200);
  return response.text();
}

const PROGRESS_ANSWERED = {
  name: 'hoclieuso_http_request_duration_seconds_count',
  labels: { route: '/api/v1/progress/events', method: 'POST', status: '2xx' },
};
const progressAnswered = async (index: number) =>
  sample(await scrape(index), PROGRESS_ANSWERED.name, PROGRESS_ANSWERED.labels);

test('each worker serves its own metrics on METRICS_PORT plus its index', async () => {
  const before = [await progressAnswered(0), await progressAnswered(1)];
  await sendEvents(pool, 40);
  // Durations are observed when an answer is done, just after the client has it.
  const after = await eventually(async () => {
    const counts = [await progressAnswered(0), await progressAnswered(1)];
    return counts[0] + counts[1] - before[0] - before[1] >= 40 ? counts : undefined;
  }, 5_000);
  // Two separate counts that add up to the requests sent: each worker counts only its own.
  assert.ok(after[0] > before[0] && after[1] > before[1], `both workers counted: ${before} → ${after}`);
  assert.equal(after[0] + after[1] - before[0] - before[1], 40);
});

test('a worker killed outright is replaced, and the other answers meanwhile', async () => {
  const [victim] = answeringPids(pool);
  process.kill(victim, 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Requests right after the kill go to the survivor (the primary stops handing out to the dead one).
  const ids = await sendEvents(pool, 10);
  assert.ok(await storedOnce(ids));
  // A new worker loads the build and the database first: seconds on a busy machine.
  const deadline = Date.now() + 30_000;
  let pids = answeringPids(pool);
  while (Date.now() < deadline) {
    await sendEvents(pool, 10);
    await logFlush();
    pids = answeringPids(pool);
    if (pids.size >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(pids.size >= 3, `a replacement worker answered (pids seen: ${[...pids].join(', ')})`);
  assert.match(pool.output(), /đã dừng; khởi động lại/);
  // The replacement took its predecessor's index, and with it its metrics port.
  await Promise.all([scrape(0), scrape(1)]);
});
