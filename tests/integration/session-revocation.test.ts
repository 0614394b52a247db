/**
 * Session revocation over two real server processes on one database: a sign-out on one instance,
 * or a change to a user's roles, is seen by the other within about REVOCATION_POLL_MS, although
 * that one keeps validated sessions in memory for CACHE_TTL_MS (src/lib/server/auth/sessions.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { roleGrants, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';

/** What the test allows for a revocation to reach the other instance (the log is read every second). */
const SEEN_WITHIN_MS = 1_500;

let a: RunningServer;
let b: RunningServer;
let db: Database;
before(async () => {
  const databaseUrl = await createTestDatabase();
  // forgetCachedSessions below runs in this process, on the same database.
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  [a, b] = await Promise.all([startServer({ DATABASE_URL: databaseUrl }), startServer({ DATABASE_URL: databaseUrl })]);
});
after(async () => {
  db?.$client.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

/** Signs in through the form on `server`; returns the cookie to send. */
async function signIn(server: RunningServer, username: string, password: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
    body: new URLSearchParams({ username, password }),
  });
  assert.equal(response.status, 302, `sign-in of ${username}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

async function statusOf(server: RunningServer, cookie: string, path: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  await response.body?.cancel();
  return response.status;
}

/** Milliseconds until `server` answers `path` with another status than `status`, asking every 50 ms. */
async function msUntilNot(
  server: RunningServer,
  cookie: string,
  path: string,
  status: number,
  timeoutMs = 20_000,
): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  for (;;) {
    const answered = await statusOf(server, cookie, path);
    const ms = performance.now() - start;
    if (answered !== status || ms > timeoutMs) return { ms, status: answered };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('session revocation across two instances', () => {
  test('a sign-out on one instance is refused by the other within a poll, while another session of the same user goes on', async (t) => {
    const cookie = await signIn(a, 'hocvien', 'hoc-tap-moi-ngay');
    const otherDevice = await signIn(a, 'hocvien', 'hoc-tap-moi-ngay');
    // B validates both now and keeps them in its cache.
    assert.equal(await statusOf(b, cookie, '/api/v1/me'), 200);
    assert.equal(await statusOf(b, otherDevice, '/api/v1/me'), 200);

    const signedOut = await fetch(`${a.baseUrl}/dang-xuat/?_action=signOut`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: a.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.ok(signedOut.status >= 300 && signedOut.status < 400, `sign-out answered ${signedOut.status}`);
    const refused = await msUntilNot(b, cookie, '/api/v1/me', 200);
    t.diagnostic(`B refused the signed-out session after ${Math.round(refused.ms)} ms`);

    assert.equal(refused.status, 401);
    assert.ok(refused.ms < SEEN_WITHIN_MS, `B accepted the signed-out session for ${Math.round(refused.ms)} ms`);
    assert.equal(await statusOf(b, otherDevice, '/api/v1/me'), 200, 'the session not signed out still works on B');
    assert.equal(await statusOf(a, otherDevice, '/api/v1/me'), 200, '…and on A');
  });

  test('roles removed, then forgetCachedSessions on a third process: the other instances drop their cached roles', async (t) => {
    const { forgetCachedSessions } = await import('../../src/lib/server/auth/sessions.ts');
    const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'quantri.quangloi'));
    const cookie = await signIn(a, 'quantri.quangloi', 'quan-tri-xa-2026');
    assert.equal(await statusOf(a, cookie, '/quan-tri/'), 200);
    assert.equal(await statusOf(b, cookie, '/quan-tri/'), 200);

    const grants = await db.delete(roleGrants).where(eq(roleGrants.userId, admin.id)).returning();
    // Without a revocation, both keep the roles they cached: the cache is really in use.
    assert.equal(await statusOf(b, cookie, '/quan-tri/'), 200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal(await statusOf(b, cookie, '/quan-tri/'), 200, 'a poll later, nothing was revoked: still cached');

    await forgetCachedSessions(admin.id);
    const [onA, onB] = await Promise.all([
      msUntilNot(a, cookie, '/quan-tri/', 200),
      msUntilNot(b, cookie, '/quan-tri/', 200),
    ]);
    t.diagnostic(`the removed roles were dropped after ${Math.round(onA.ms)} ms on A, ${Math.round(onB.ms)} ms on B`);

    assert.equal(onA.status, 404, 'no longer an administrator: the admin pages are not found');
    assert.equal(onB.status, 404);
    assert.ok(
      onA.ms < SEEN_WITHIN_MS && onB.ms < SEEN_WITHIN_MS,
      `A kept the roles ${Math.round(onA.ms)} ms, B ${Math.round(onB.ms)} ms`,
    );
    assert.equal(await statusOf(b, cookie, '/api/v1/me'), 200, 'the session itself goes on');
    await db.insert(roleGrants).values(grants);
  });
});
