/**
 * The xAPI feed on the built server: a course completed through the progress API reaches a local
 * LRS by itself (the sender starts with the first statement), the administrator page shows the
 * outbox to province administrators only, and its resend form puts a failed statement back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, xapiOutbox } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { TCD, TCD_FINAL, demoCompletionCourse, gradedFinalAttempt, userIdOf } from '../support/completion-fixtures.ts';

const course = demoCompletionCourse(TCD);
let server: RunningServer;
let lrs: Server;
let db: Database;
/** What the LRS received: statement id → the requests for it. */
const received = new Map<string, { verb: string; actor: string; authorization?: string; version?: string }[]>();
const cookie: Record<'learner' | 'otherLearner' | 'communeAdmin' | 'provinceAdmin' | 'otherProvinceAdmin', string> =
  {} as never;

before(async () => {
  lrs = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = new URL(request.url ?? '/', 'http://lrs').searchParams.get('statementId') ?? '';
      const statement = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const seen = received.get(id) ?? [];
      seen.push({
        verb: statement.verb.id,
        actor: statement.actor.account.name,
        authorization: request.headers.authorization,
        version: request.headers['x-experience-api-version'] as string,
      });
      received.set(id, seen);
      response.writeHead(seen.length > 1 ? 409 : 204).end();
    });
  });
  await new Promise<void>((resolve) => lrs.listen(0, '127.0.0.1', resolve));
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  db = openTestDatabase(databaseUrl);
  const accounts = {
    learner: 'SL-QL-007',
    otherLearner: 'SL-QL-008',
    communeAdmin: 'quantri.quangloi',
    provinceAdmin: 'quantri.songlam',
    otherProvinceAdmin: 'quantri.caonguyen',
  } as const;
  for (const [role, account] of Object.entries(accounts))
    cookie[role as keyof typeof cookie] = `hls_session=${await createSession(await userIdOf(db, account))}`;
  await gradedFinalAttempt(db, await userIdOf(db, 'SL-QL-007'), TCD_FINAL, { percent: 90, passed: true });
  server = await startServer({
    DATABASE_URL: databaseUrl,
    XAPI_ENDPOINT: `http://127.0.0.1:${(lrs.address() as AddressInfo).port}/xapi/`,
    XAPI_USERNAME: 'hls',
    XAPI_PASSWORD: 'bi-mat',
    XAPI_SEND_INTERVAL_MS: '100',
  });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
  lrs?.closeAllConnections();
  await new Promise((resolve) => lrs?.close(resolve));
});

const get = (path: string, who?: keyof typeof cookie) => getAs(server.baseUrl, who && cookie[who], path);
const post = (path: string, who: keyof typeof cookie, form: Record<string, string>) =>
  postFormAs(server.baseUrl, cookie[who], path, form);

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Chờ quá ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the xAPI feed on the server', () => {
  test('a course completed through the progress API reaches the LRS as "completed" and "certificate issued"', async () => {
    const now = new Date().toISOString();
    const events = [
      ...course.lessonIds.map((lessonId) => ({
        id: randomUUID(),
        kind: 'lesson_completed',
        courseId: TCD,
        lessonId,
        occurredAt: now,
      })),
      ...course.requirements.requiredVideoIds.map((videoId) => ({
        id: randomUUID(),
        kind: 'video_watched',
        courseId: TCD,
        lessonId: course.lessonIds[0],
        videoId,
        occurredAt: now,
        data: { intervals: [[0, 500]], position: 500, duration: 500 },
      })),
    ];

    const response = await fetch(`${server.baseUrl}/api/v1/progress/events`, {
      method: 'POST',
      headers: { Cookie: cookie.learner, Origin: server.baseUrl, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    await waitFor(
      async () => (await db.select().from(xapiOutbox).where(eq(xapiOutbox.status, 'delivered'))).length >= 2,
    );

    assert.equal(response.status, 200);
    const requests = [...received.values()].flat();
    assert.deepEqual(requests.map((request) => request.verb.split('/').at(-1)).sort(), [
      'certificate-issued',
      'completed',
    ]);
    assert.ok(
      requests.every(
        (request) =>
          request.actor === 'SL-QL-007' &&
          request.version === '1.0.3' &&
          request.authorization === `Basic ${Buffer.from('hls:bi-mat').toString('base64')}`,
      ),
    );
  });

  test('the outbox page shows province administrators what was delivered', async () => {
    const page = await get('/quan-tri/xapi/', 'provinceAdmin');

    assert.equal(page.status, 200);
    assert.match(page.body, /Đã gửi<\/a><\/th><td class="number"[^>]*>2<\/td>/);
    assert.ok(page.body.includes('SL-QL-007'));
    assert.ok(page.body.includes(`127.0.0.1:${(lrs.address() as AddressInfo).port}`));
    assert.ok(!page.body.includes('bi-mat'), 'credentials never reach the page');
  });

  test('the outbox page answers 404 to a commune administrator and sends the signed-out to sign in', async () => {
    const commune = await get('/quan-tri/xapi/', 'communeAdmin');
    const signedOut = await get('/quan-tri/xapi/');

    assert.equal(commune.status, 404);
    assert.equal(signedOut.status, 302);
    assert.match(signedOut.headers.get('location') ?? '', /^\/dang-nhap\/\?next=/);
  });

  test('another province’s administrator sees none of these rows and cannot resend them', async () => {
    const [row] = await db.select().from(xapiOutbox).limit(1);
    await db
      .update(xapiOutbox)
      .set({ status: 'failed', lastError: 'HTTP 500' })
      .where(eq(xapiOutbox.statementId, row.statementId));

    const page = await get('/quan-tri/xapi/', 'otherProvinceAdmin');
    const resend = await post('/_actions/xapi.resend', 'otherProvinceAdmin', { statementId: row.statementId });

    assert.equal(page.status, 200);
    assert.ok(!page.body.includes('SL-QL-007'));
    assert.equal(resend.status, 404);
    const [after] = await db.select().from(xapiOutbox).where(eq(xapiOutbox.statementId, row.statementId));
    assert.equal(after.status, 'failed');
  });

  test('the resend form puts a failed statement back, audited, and the sender delivers it again', async () => {
    const [row] = await db.select().from(xapiOutbox).where(eq(xapiOutbox.status, 'failed'));
    const before = received.get(row.statementId)?.length ?? 0;

    const answer = await post('/quan-tri/xapi/?_action=xapi.resend', 'provinceAdmin', { statementId: row.statementId });
    await waitFor(
      async () =>
        (await db.select().from(xapiOutbox).where(eq(xapiOutbox.statementId, row.statementId)))[0].status ===
        'delivered',
    );

    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), '/quan-tri/xapi/?da-gui-lai=1');
    assert.equal(received.get(row.statementId)?.length, before + 1);
    const entries = await db.select().from(auditLog).where(eq(auditLog.action, 'resend-statement'));
    assert.deepEqual(
      entries.map((entry) => entry.target),
      [`xapi-statement:${row.statementId}`],
    );
  });

  test('a final test submitted through the quiz API reaches the LRS as "failed" for an empty paper', async () => {
    const headers = { Cookie: cookie.otherLearner, Origin: server.baseUrl, Accept: 'application/json' };
    const started = await fetch(`${server.baseUrl}/api/v1/quizzes/${TCD_FINAL}/attempts`, { method: 'POST', headers });
    const { id } = (await started.json()) as { id: string };

    const submitted = await fetch(`${server.baseUrl}/api/v1/attempts/${id}/submit`, { method: 'POST', headers });
    await waitFor(() => [...received.values()].flat().some((request) => request.actor === 'SL-QL-008'));

    assert.equal(submitted.status, 200);
    const requests = [...received.values()].flat().filter((request) => request.actor === 'SL-QL-008');
    assert.deepEqual(
      requests.map((request) => request.verb),
      ['http://adlnet.gov/expapi/verbs/failed'],
    );
  });
});
