/**
 * Reliability: 1,000 event posts, 100 in flight at a time, the server killed with SIGKILL part way, then
 * restarted on the same database. Every event acknowledged with a 2xx must be stored exactly
 * once, the database must pass integrity_check, and re-sending everything must store the rest.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { isNotNull } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { freePort } from '../support/server.ts';

const POSTS = 1_000;
/** The server is killed once this many posts have been acknowledged. */
const KILL_AFTER_ACKNOWLEDGED = 250;
/** Posts sent at the same time: enough for group commit to merge many into one transaction. */
const IN_FLIGHT = 100;
const LEARNERS = 20;
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;

interface Server {
  baseUrl: string;
  child: ChildProcess;
}

/** Starts the built server on `databaseUrl`; unlike tests/support/server.ts, gives the process to kill. */
async function startKillableServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the server stopped with code ${child.exitCode}`);
    if (
      await fetch(`${baseUrl}/api/v1/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return { baseUrl, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer within 20 s');
}

function stop(server: Server | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

let databaseUrl: string;
let cookies: string[];
const servers: Server[] = [];

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const learners = await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(LEARNERS);
  db.$client.close();
  cookies = await Promise.all(learners.map(async (learner) => `hls_session=${await createSession(learner.id)}`));
});
after(async () => {
  for (const server of servers) await stop(server, 'SIGKILL');
});

/** One post: one to three events of a learner, fresh UUIDs. */
function makePost(index: number) {
  const occurredAt = new Date().toISOString();
  const events = [
    { id: randomUUID(), kind: 'lesson_opened', courseId: COURSE, lessonId: LESSON, occurredAt },
    {
      id: randomUUID(),
      kind: 'video_watched',
      courseId: COURSE,
      lessonId: LESSON,
      videoId: 'quy-trinh-tiep-cong-dan',
      occurredAt,
      data: { intervals: [[index % 90, (index % 90) + 10]], position: (index % 90) + 10, duration: 101 },
    },
    { id: randomUUID(), kind: 'lesson_completed', courseId: COURSE, lessonId: LESSON, occurredAt },
  ].slice(0, 1 + (index % 3));
  return { cookie: cookies[index % cookies.length], userIndex: index % cookies.length, events };
}

type Post = ReturnType<typeof makePost>;

function send(server: Server, post: Post) {
  return fetch(`${server.baseUrl}/api/v1/progress/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.baseUrl, Cookie: post.cookie },
    body: JSON.stringify({ events: post.events }),
  });
}

test(
  'every acknowledged event survives SIGKILL exactly once, and the database stays intact',
  { timeout: 120_000 },
  async (t) => {
    const posts = Array.from({ length: POSTS }, (_, index) => makePost(index));
    const first = await startKillableServer(databaseUrl);
    servers.push(first);

    // A fixed number of posts in flight, not all 1,000 at once: with every post already sent, the
    // server could answer them all before this process has read 250 answers, and the kill would
    // land after the last one.
    let acknowledged = 0;
    let killed: Promise<void> | undefined;
    const outcomes: { ok: boolean; accepted: number }[] = [];
    let next = 0;
    async function sendInTurn(): Promise<void> {
      while (next < posts.length) {
        const index = next++;
        try {
          const response = await send(first, posts[index]);
          const body = (await response.json()) as { accepted?: number };
          if (response.ok) {
            acknowledged += 1;
            if (acknowledged === KILL_AFTER_ACKNOWLEDGED) killed = stop(first, 'SIGKILL');
          }
          outcomes[index] = { ok: response.ok, accepted: body.accepted ?? 0 };
        } catch {
          outcomes[index] = { ok: false, accepted: 0 };
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, sendInTurn));
    await killed;

    const second = await startKillableServer(databaseUrl);
    servers.push(second);
    const db = openTestDatabase(databaseUrl);
    const [{ integrity_check: integrity }] = (await db.$client.execute('pragma integrity_check')).rows as unknown as {
      integrity_check: string;
    }[];
    const stored = new Set(
      (await db.$client.execute('select event_id from progress_events')).rows.map((row) => String(row.event_id)),
    );
    const acknowledgedPosts = posts.filter((_, index) => outcomes[index].ok);
    const lostAfterAcknowledgement = acknowledgedPosts
      .flatMap((post) => post.events)
      .filter((event) => !stored.has(event.id))
      .map((event) => event.id);
    const resent = await Promise.all(
      posts.map(async (post) => (await send(second, post)).json() as Promise<{ accepted: number; duplicates: number }>),
    );
    const [{ count: finalCount }] = (await db.$client.execute('select count(*) as count from progress_events'))
      .rows as unknown as { count: number }[];
    db.$client.close();
    await stop(second);

    t.diagnostic(
      `${acknowledgedPosts.length} of ${POSTS} posts acknowledged before SIGKILL; ${stored.size} events on disk after restart`,
    );
    assert.ok(
      acknowledgedPosts.length >= KILL_AFTER_ACKNOWLEDGED && acknowledgedPosts.length < POSTS,
      `killed part way: ${acknowledgedPosts.length} of ${POSTS} acknowledged`,
    );
    assert.equal(integrity, 'ok');
    assert.equal(
      lostAfterAcknowledgement.length,
      0,
      `acknowledged but not stored: ${lostAfterAcknowledgement.slice(0, 5).join(', ')}…`,
    );
    posts.forEach((post, index) => {
      if (outcomes[index].ok)
        assert.deepEqual(
          resent[index],
          { accepted: 0, duplicates: post.events.length },
          `post ${index} was acknowledged, so re-sending it adds nothing`,
        );
    });
    assert.equal(
      Number(finalCount),
      posts.reduce((sum, post) => sum + post.events.length, 0),
      'after re-sending, every event is stored exactly once',
    );
  },
);
