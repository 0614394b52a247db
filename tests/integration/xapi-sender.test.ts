/**
 * The xAPI sender against a real HTTP endpoint acting as a flaky LRS: half its answers are 500,
 * some requests are never answered (the client's timeout must fire), some are stored before the
 * failure (so the retry meets 409), and a known id answers 409. Two senders on two connections
 * drain the same outbox at once. The LRS must end with exactly one statement per fact.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { xapiOutbox } from '../../db/schema/index.ts';
import { enqueue } from '../../src/lib/server/xapi/outbox.ts';
import { deliverDue, drainDue, type SenderConfig } from '../../src/lib/server/xapi/sender.ts';
import { courseCompletedFact, finalTestFact, type XapiFact } from '../../src/lib/xapi/statements.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';

const FACTS = 300;
const BASE = 'https://hoclieuso.local';
const USERNAME = 'hls';
const PASSWORD = 'mat-khau-lrs';

/** A small deterministic random source (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FlakyLrs {
  url: string;
  /** Every statement accepted, in order: a duplicate would show here twice. */
  stored: { id: string; statement: unknown }[];
  counts: { requests: number; errors: number; hung: number; conflicts: number; badRequests: number };
  close(): Promise<void>;
}

/** Starts the flaky LRS on a free local port. */
async function startFlakyLrs(options: { seed: number; failShare: number; hangShare: number }): Promise<FlakyLrs> {
  const random = seeded(options.seed);
  const stored: FlakyLrs['stored'] = [];
  const known = new Set<string>();
  const counts = { requests: 0, errors: 0, hung: 0, conflicts: 0, badRequests: 0 };
  const expectedAuth = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
  const store = (id: string, statement: unknown) => {
    if (known.has(id)) return false;
    known.add(id);
    stored.push({ id, statement });
    return true;
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      counts.requests++;
      const url = new URL(request.url ?? '/', 'http://lrs');
      const id = url.searchParams.get('statementId') ?? '';
      let statement: { id?: string } | undefined;
      try {
        statement = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        statement = undefined;
      }
      const valid =
        request.method === 'PUT' &&
        url.pathname === '/xapi/statements' &&
        request.headers['x-experience-api-version'] === '1.0.3' &&
        request.headers['content-type']?.startsWith('application/json') &&
        request.headers.authorization === expectedAuth &&
        statement?.id === id;
      if (!valid) {
        counts.badRequests++;
        response.writeHead(400).end('Yêu cầu không hợp lệ');
        return;
      }
      const roll = random();
      if (roll < options.hangShare) {
        // Never answered; half of these were stored first (the answer is what got lost).
        counts.hung++;
        if (random() < 0.5) store(id, statement);
        return;
      }
      if (roll < options.hangShare + options.failShare) {
        counts.errors++;
        if (random() < 0.3) store(id, statement);
        response.writeHead(500).end('Lỗi máy chủ');
        return;
      }
      if (!store(id, statement)) {
        counts.conflicts++;
        response.writeHead(409).end('Đã có bản ghi này');
        return;
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/xapi/`,
    stored,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function configFor(lrs: FlakyLrs, overrides: Partial<SenderConfig> = {}): SenderConfig {
  return {
    endpoint: lrs.url.replace(/\/+$/, ''),
    authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
    timeoutMs: 150,
    maxAttempts: 60,
    backoffMs: 10,
    maxBackoffMs: 200,
    batchSize: 20,
    concurrency: 4,
    intervalMs: 50,
    ...overrides,
  };
}

/** N distinct facts: completions and final tests of many learners. */
function manyFacts(count: number): XapiFact[] {
  return Array.from({ length: count }, (_, index) => {
    const learner = { userId: `nguoi-hoc-${index}`, staffCode: `SL-QL-${String(index).padStart(4, '0')}` };
    const course = { id: 'tiep-cong-dan-khieu-nai-to-cao', title: 'Tiếp công dân, xử lý đơn thư khiếu nại, tố cáo' };
    if (index % 2 === 0)
      return courseCompletedFact(
        { learner, course, completedAt: new Date(Date.UTC(2026, 2, 1, 0, index)), scorePercent: 80 },
        BASE,
      );
    const startedAt = new Date(Date.UTC(2026, 2, 1, 0, index));
    return finalTestFact(
      {
        learner,
        course,
        attemptId: `lan-${index}`,
        quizId: `${course.id}/kiem-tra-cuoi-khoa`,
        attemptNumber: 1,
        earned: index % 20,
        maxPoints: 20,
        passed: index % 20 >= 14,
        startedAt,
        submittedAt: new Date(startedAt.getTime() + 600_000),
      },
      BASE,
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pendingCount(db: Database): Promise<number> {
  return (await db.select({ id: xapiOutbox.statementId }).from(xapiOutbox).where(eq(xapiOutbox.status, 'pending')))
    .length;
}

describe('the xAPI sender against a flaky LRS', () => {
  let databaseUrl: string;
  let first: Database;
  let second: Database;

  before(async () => {
    databaseUrl = await createTestDatabase();
    first = openTestDatabase(databaseUrl);
    second = openTestDatabase(databaseUrl);
  });
  after(() => {
    first.$client.close();
    second.$client.close();
  });

  test(
    'two senders drain every fact to exactly one stored statement each, all rows delivered',
    { timeout: 120_000 },
    async () => {
      const lrs = await startFlakyLrs({ seed: 700, failShare: 0.5, hangShare: 0.1 });
      const facts = manyFacts(FACTS);
      await first.transaction(async (tx) => {
        for (const fact of facts) await enqueue(tx, fact, { unitPath: '/tinh/xa/' });
      });
      // Queuing the same facts again changes nothing: their ids are already there.
      await first.transaction(async (tx) => {
        for (const fact of facts.slice(0, 50)) await enqueue(tx, fact, { unitPath: '/tinh/xa/' });
      });

      const started = performance.now();
      let rounds = 0;
      try {
        while ((await pendingCount(first)) > 0) {
          rounds++;
          await Promise.all([drainDue(first, configFor(lrs)), drainDue(second, configFor(lrs))]);
          await sleep(20);
        }
      } finally {
        await lrs.close();
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `xAPI: ${FACTS} facts drained in ${seconds.toFixed(1)} s (${rounds} rounds) over ${lrs.counts.requests} requests: ` +
          `${lrs.counts.errors} × 500, ${lrs.counts.hung} never answered, ${lrs.counts.conflicts} × 409`,
      );

      const rows = await first.select().from(xapiOutbox);
      assert.equal(lrs.counts.badRequests, 0);
      assert.ok(lrs.counts.errors > lrs.counts.requests * 0.3, 'the LRS really failed often');
      assert.ok(lrs.counts.hung > 0 && lrs.counts.conflicts > 0, 'timeouts and 409s really happened');
      assert.equal(rows.length, FACTS);
      assert.deepEqual(
        rows.filter((row) => row.status !== 'delivered'),
        [],
      );
      assert.equal(lrs.stored.length, FACTS);
      assert.deepEqual(new Set(lrs.stored.map((entry) => entry.id)), new Set(facts.map((fact) => fact.statement.id)));
      const byId = new Map(facts.map((fact) => [fact.statement.id, fact.statement]));
      for (const entry of lrs.stored) assert.deepEqual(entry.statement, byId.get(entry.id));
    },
  );

  test('a statement is marked failed after its last attempt, with the error kept', async () => {
    const lrs = await startFlakyLrs({ seed: 1, failShare: 1, hangShare: 0 });
    const [fact] = manyFacts(1).map((f) => ({
      ...f,
      statement: { ...f.statement, id: '0f0e0d0c-0b0a-4908-8706-050403020100' },
    }));
    await enqueue(first, fact);
    const config = configFor(lrs, { maxAttempts: 3, backoffMs: 1, maxBackoffMs: 1 });

    try {
      for (let round = 0; round < 10; round++) {
        await deliverDue(first, config);
        await sleep(5);
      }
    } finally {
      await lrs.close();
    }

    const [row] = await first.select().from(xapiOutbox).where(eq(xapiOutbox.statementId, fact.statement.id));
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.match(row.lastError ?? '', /^HTTP 500/);
    assert.equal(lrs.counts.requests, 3);
  });

  test('a row claimed by one sender is not claimed by another while the first is still sending it', async () => {
    const lrs = await startFlakyLrs({ seed: 2, failShare: 0, hangShare: 1 });
    const fact = { ...manyFacts(1)[0] };
    fact.statement = { ...fact.statement, id: '1f0e0d0c-0b0a-4908-8706-050403020100' };
    await enqueue(first, fact);
    const config = configFor(lrs, { timeoutMs: 300 });

    try {
      const slow = deliverDue(first, config);
      await sleep(50);
      const meanwhile = await deliverDue(second, config);
      await slow;

      assert.equal(meanwhile.claimed, 0);
      assert.equal(lrs.counts.requests, 1);
    } finally {
      await lrs.close();
    }
  });
});
