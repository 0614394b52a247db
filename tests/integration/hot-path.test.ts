/**
 * The hot path (src/lib/server/hot-path/) answers exactly as Astro does: the same requests go to a
 * server with it and to one started with HOT_PATH=0 (today's full pipeline) on the same database,
 * and status, headers and bodies must match, refusals included. The request log shows which path
 * answered: the control is that the HOT_PATH=0 server never marks a line "hot".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq, isNotNull } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { buildWithSite, copyProject, type ProjectCopy } from '../support/project-copy.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const FINAL = `${COURSE}/kiem-tra-cuoi-khoa`;
const MINUTE = 60_000;
const PUBLIC_SITE = 'https://localhost:9443';

let hot: RunningServer;
let astro: RunningServer;
let learnerIds: string[];
let createSession: (userId: string, now?: number) => Promise<string>;
let databaseUrl: string;

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  ({ createSession } = await import('../../src/lib/server/auth/sessions.ts'));
  const db = openTestDatabase(databaseUrl);
  learnerIds = (await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(20)).map(
    (row) => row.id,
  );
  db.$client.close();
  // SITE_URL at run time as behind Caddy; the build was made without it (see the scheme test).
  const env = { DATABASE_URL: databaseUrl, SITE_URL: PUBLIC_SITE };
  [hot, astro] = await Promise.all([
    startServer(env, { captureOutput: true }),
    startServer({ ...env, HOT_PATH: '0' }, { captureOutput: true }),
  ]);
});
after(() => Promise.all([hot?.stop(), astro?.stop()]));

let nextLearner = 0;
/** A learner of the seed with a new session: the same person for both servers. */
async function learnerCookie(createdAgoMs = 0): Promise<string> {
  const id = learnerIds[nextLearner++];
  return `hls_session=${await createSession(id, Date.now() - createdAgoMs)}`;
}

interface Request {
  method: string;
  path: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: string | ((server: RunningServer) => string);
}

/** What must be the same on both paths: status, the answer's own headers, the body. */
async function answerOf(server: RunningServer, request: Request) {
  const response = await fetch(`${server.baseUrl}${request.path}`, {
    method: request.method,
    headers: {
      Origin: server.baseUrl,
      ...(request.cookie ? { Cookie: request.cookie } : {}),
      ...request.headers,
    },
    body: typeof request.body === 'function' ? request.body(server) : request.body,
  });
  const headers = Object.fromEntries(
    [
      'content-type',
      'cache-control',
      'content-security-policy',
      'x-content-type-options',
      'retry-after',
      'location',
    ].map((name) => [name, response.headers.get(name)]),
  );
  const cookie = response.headers.get('set-cookie');
  return {
    status: response.status,
    headers,
    // Attributes in any order; the value itself is the token, or empty when cleared.
    setCookie:
      cookie
        ?.split(';')
        .map((part) => part.trim().replace(/^(hls_session=).+$/, '$1<token>'))
        .sort() ?? null,
    // Times are the server's clock at the answer.
    body: (await response.text()).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"'),
  };
}

/** Sends the request to both servers and checks the answers match; returns the hot one. */
async function same(request: Request, servers = { hot, astro }) {
  const [fromHot, fromAstro] = [await answerOf(servers.hot, request), await answerOf(servers.astro, request)];
  assert.deepEqual(fromHot, fromAstro, `${request.method} ${request.path}`);
  return fromHot;
}

/** The request log lines of a server (those its hot path answered say "hot": true). */
async function requestLines(server: RunningServer): Promise<Array<{ path: string; method: string; hot?: boolean }>> {
  // Log lines are written every 200 ms (src/lib/server/observability/logger.ts).
  await new Promise((resolve) => setTimeout(resolve, 500));
  return server
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"request"'))
    .map((line) => JSON.parse(line) as { path: string; method: string; hot?: boolean });
}

/** The request log lines a server's hot path answered. */
async function hotLines(server: RunningServer) {
  return (await requestLines(server)).filter((line) => line.hot);
}

const events = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    events: [
      {
        id: randomUUID(),
        kind: 'lesson_opened',
        courseId: COURSE,
        lessonId: LESSON,
        occurredAt: new Date().toISOString(),
        ...extra,
      },
    ],
  });
const json = { 'Content-Type': 'application/json' };

describe('the hot path answers as Astro does', () => {
  test('health', async () => {
    const answer = await same({ method: 'GET', path: '/api/v1/health' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '{"status":"ok"}');
  });

  test('progress events: stored, refused for each reason, and never across origins', async () => {
    const cookie = await learnerCookie();
    // A fresh UUID per request, so both servers store their own event.
    assert.equal(
      (await same({ method: 'POST', path: '/api/v1/progress/events', cookie, headers: json, body: () => events() }))
        .status,
      200,
    );
    const refusals: Array<[number, Request]> = [
      [401, { method: 'POST', path: '/api/v1/progress/events', headers: json, body: () => events() }],
      [415, { method: 'POST', path: '/api/v1/progress/events', cookie, body: () => events() }],
      [400, { method: 'POST', path: '/api/v1/progress/events', cookie, headers: json, body: '{"events":' }],
      [
        400,
        {
          method: 'POST',
          path: '/api/v1/progress/events',
          cookie,
          headers: json,
          body: () => events({ kind: 'flew_away' }),
        },
      ],
      [
        400,
        {
          method: 'POST',
          path: '/api/v1/progress/events',
          cookie,
          headers: json,
          body: () => events({ courseId: 'khong-co' }),
        },
      ],
      [
        413,
        {
          method: 'POST',
          path: '/api/v1/progress/events',
          cookie,
          headers: json,
          body: `"${'x'.repeat(2 * 1024 * 1024 + 10)}"`,
        },
      ],
      [
        403,
        {
          method: 'POST',
          path: '/api/v1/progress/events',
          cookie,
          headers: { ...json, Origin: 'https://evil.example' },
          body: () => events(),
        },
      ],
    ];
    for (const [status, request] of refusals)
      assert.equal((await same(request)).status, status, `${status} ${request.headers?.Origin ?? ''}`);
  });

  test('my progress, whole and for one course', async () => {
    const cookie = await learnerCookie();
    assert.equal((await same({ method: 'GET', path: '/api/v1/me/progress', cookie })).status, 200);
    assert.equal((await same({ method: 'GET', path: `/api/v1/me/progress/?course=${COURSE}`, cookie })).status, 200);
    assert.equal((await same({ method: 'GET', path: '/api/v1/me/progress' })).status, 401);
  });

  test('a request a proxy forwarded over https reads the session cookie Astro reads', async () => {
    // Astro believes X-Forwarded-Proto only for the site the build was made for (here none), so
    // both paths see http and read hls_session, whatever SITE_URL says at run time.
    const cookie = await learnerCookie();
    const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': new URL(PUBLIC_SITE).host };
    const answer = await same({ method: 'GET', path: '/api/v1/me/progress', cookie, headers: forwarded });
    assert.equal(answer.status, 200);
  });

  test('answer saves: saved, refused for a question that does not exist, 404 for an unknown attempt', async () => {
    const cookie = await learnerCookie();
    const started = await fetch(`${hot.baseUrl}/api/v1/quizzes/${FINAL}/attempts`, {
      method: 'POST',
      headers: { Origin: hot.baseUrl, Cookie: cookie },
    });
    const { id } = (await started.json()) as { id: string };
    const saved = await same({
      method: 'PUT',
      path: `/api/v1/attempts/${id}/answers`,
      cookie,
      headers: json,
      body: '{"answers":{"c1":null}}',
    });
    assert.equal(saved.status, 200, saved.body);
    assert.equal(
      (
        await same({
          method: 'PUT',
          path: `/api/v1/attempts/${id}/answers`,
          cookie,
          headers: json,
          body: '{"answers":{"c99":"1"}}',
        })
      ).status,
      422,
    );
    assert.equal(
      (
        await same({
          method: 'PUT',
          path: '/api/v1/attempts/khongco/answers',
          cookie,
          headers: json,
          body: '{"answers":{}}',
        })
      ).status,
      404,
    );
  });

  test('quiz start and submit: created, returned while open, graded once, refused for each reason', async () => {
    const start = `/api/v1/quizzes/${FINAL}/attempts`;
    const cookies = [await learnerCookie(), await learnerCookie()];
    // A new attempt on each path (one learner each): the same answer but for the attempt's own
    // id and the questions drawn with it.
    const created = await Promise.all(
      [hot, astro].map((server, index) => answerOf(server, { method: 'POST', path: start, cookie: cookies[index] })),
    );
    const [id] = created.map((answer) => {
      assert.equal(answer.status, 201, answer.body);
      const body = JSON.parse(answer.body) as { id: string; questions: unknown[] };
      assert.equal(answer.headers.location, `/api/v1/attempts/${body.id}`);
      assert.equal(body.questions.length, 12);
      return body.id;
    });
    const shape = ({ headers, body, ...rest }: Awaited<ReturnType<typeof answerOf>>) => ({
      ...rest,
      headers: { ...headers, location: null },
      keys: Object.keys(JSON.parse(body)),
    });
    assert.deepEqual(shape(created[0]), shape(created[1]));

    // Whole seconds left: two answers a moment apart may differ by one.
    const withoutClock = (answer: Awaited<ReturnType<typeof answerOf>>) => ({
      ...answer,
      body: answer.body.replace(/"remainingSeconds":\d+/, '"remainingSeconds":0'),
    });
    const both = async (request: Request) => {
      const [fromHot, fromAstro] = [await answerOf(hot, request), await answerOf(astro, request)];
      assert.deepEqual(withoutClock(fromHot), withoutClock(fromAstro), `${request.method} ${request.path}`);
      return fromHot;
    };
    const open = await both({ method: 'POST', path: start, cookie: cookies[0] });
    assert.equal(open.status, 200);
    assert.equal((JSON.parse(open.body) as { id: string }).id, id);

    // Graded by the first submit (on the hot path); the second finds it graded: the same answer.
    const submitted = await both({ method: 'POST', path: `/api/v1/attempts/${id}/submit`, cookie: cookies[0] });
    assert.equal(submitted.status, 200, submitted.body);
    assert.match(submitted.body, /"status":"submitted"/);

    // Refusals: the waiting time after a submit, someone else's attempt, what does not exist, no session.
    const waiting = await both({ method: 'POST', path: start, cookie: cookies[0] });
    assert.equal(waiting.status, 409, waiting.body);
    assert.match(waiting.body, /"availableAt"/);
    for (const [request, status] of [
      [{ method: 'POST', path: `/api/v1/attempts/${id}/submit`, cookie: cookies[1] }, 404],
      [{ method: 'POST', path: '/api/v1/attempts/khongco/submit', cookie: cookies[1] }, 404],
      [{ method: 'POST', path: `/api/v1/quizzes/${COURSE}/khong-co/attempts`, cookie: cookies[1] }, 404],
      [{ method: 'POST', path: start }, 401],
      [{ method: 'POST', path: `/api/v1/attempts/${id}/submit` }, 401],
    ] as const)
      assert.equal((await both(request)).status, status, `${request.method} ${request.path}`);
  });

  test('sessions: a stale one is refreshed with a new cookie, a wrong one cleared, a temporary password refused', async () => {
    // Created 2 hours ago and never verified since: past the refresh interval, within the idle
    // timeout. One session per server, since a refresh is written once.
    const userId = learnerIds[nextLearner++];
    const stale = async (server: RunningServer) =>
      answerOf(server, {
        method: 'GET',
        path: '/api/v1/me/progress',
        cookie: `hls_session=${await createSession(userId, Date.now() - 120 * MINUTE)}`,
      });
    const refreshed = await stale(hot);
    assert.deepEqual(refreshed, await stale(astro));
    assert.ok(
      refreshed.setCookie?.some((part) => part.startsWith('Max-Age=')),
      JSON.stringify(refreshed.setCookie),
    );

    const cleared = await same({ method: 'GET', path: '/api/v1/me/progress', cookie: 'hls_session=khongco.saima' });
    assert.equal(cleared.status, 401);
    assert.ok(cleared.setCookie?.includes('Max-Age=0'), JSON.stringify(cleared.setCookie));

    const cookie = await learnerCookie();
    const db = openTestDatabase(databaseUrl);
    await db
      .update(users)
      .set({ mustChangePassword: true })
      .where(eq(users.id, learnerIds[nextLearner - 1]));
    db.$client.close();
    const refused = await same({
      method: 'POST',
      path: '/api/v1/progress/events',
      cookie,
      headers: json,
      body: () => events(),
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /đổi mật khẩu tạm thời/);
  });

  test('the hot path answered on one server only (the request log says which)', async () => {
    const answered = new Set((await hotLines(hot)).map((line) => line.path));
    for (const path of ['/api/v1/health', '/api/v1/progress/events', '/api/v1/me/progress'])
      assert.ok(answered.has(path), path);
    for (const ending of ['/answers', '/attempts', '/submit'])
      assert.ok(
        [...answered].some((path) => path.endsWith(ending)),
        ending,
      );
    // Control: the quiz page is not a hot route, and HOT_PATH=0 turns the whole path off.
    const quizPage = `/khoa-hoc/${COURSE}/kiem-tra/kiem-tra-cuoi-khoa/`;
    await fetch(`${hot.baseUrl}${quizPage}`);
    const pageLines = (await requestLines(hot)).filter((line) => line.path === quizPage);
    assert.equal(pageLines.length, 1, 'the quiz page was logged');
    assert.equal(pageLines[0].hot, undefined);
    assert.deepEqual(await hotLines(astro), []);
  });
});

describe('behind a proxy, with a build made for the public https site', () => {
  // A copy of the build made what a build with SITE_URL=PUBLIC_SITE is (buildWithSite): Astro
  // believes the proxy's https for that site, and so must the hot path, answering such requests
  // itself rather than handing them back to Astro.
  let project: ProjectCopy;
  const servers = {} as { hot: RunningServer; astro: RunningServer };
  const site = new URL(PUBLIC_SITE);
  const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': site.host, Origin: site.origin };

  before(async () => {
    project = copyProject();
    buildWithSite(project.root, site);
    const env = { DATABASE_URL: databaseUrl, SITE_URL: PUBLIC_SITE };
    [servers.hot, servers.astro] = await Promise.all([
      startServer(env, { cwd: project.root, captureOutput: true }),
      startServer({ ...env, HOT_PATH: '0' }, { cwd: project.root, captureOutput: true }),
    ]);
  });
  after(async () => {
    await Promise.all([servers.hot?.stop(), servers.astro?.stop()]);
    project?.cleanup();
  });

  test('the secure cookie is read, the plain one is not, and writes from the public origin are stored', async () => {
    const token = (await learnerCookie()).split('=')[1];
    const secure = `__Host-hls_session=${token}`;
    const read = { method: 'GET', path: '/api/v1/me/progress', headers: forwarded };
    assert.equal((await same({ ...read, cookie: secure }, servers)).status, 200);
    // Over https Astro reads only the __Host- cookie: the plain one is no session.
    assert.equal((await same({ ...read, cookie: `hls_session=${token}` }, servers)).status, 401);
    const write = { method: 'POST', path: '/api/v1/progress/events', cookie: secure, body: () => events() };
    assert.equal((await same({ ...write, headers: { ...json, ...forwarded } }, servers)).status, 200);
    // Cross-origin: the proxy's site is the origin now, so the instance's own address is refused.
    const foreign = { ...forwarded, Origin: servers.hot.baseUrl };
    assert.equal((await same({ ...write, headers: { ...json, ...foreign } }, servers)).status, 403);

    // Answered by the hot path itself; the control: the HOT_PATH=0 server never was.
    const answered = (await hotLines(servers.hot)).map((line) => `${line.method} ${line.path}`);
    assert.ok(answered.includes('GET /api/v1/me/progress'), answered.join(', '));
    assert.ok(answered.includes('POST /api/v1/progress/events'), answered.join(', '));
    assert.deepEqual(await hotLines(servers.astro), []);
  });
});
