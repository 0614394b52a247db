import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import {
  ABSOLUTE_LIFETIME_MS,
  ACTIVITY_CHECK_INTERVAL_MS,
  INACTIVITY_TIMEOUT_MS,
} from '../../src/lib/auth/session-lifetimes.ts';
import { createSession, invalidateUserSessions, validateSessionToken } from '../../src/lib/server/auth/sessions.ts';
import { changePassword, signIn } from '../../src/lib/server/auth/sign-in.ts';

let learnerId: string;
before(async () => {
  // getDb() opens DATABASE_URL on first use: point it at this file's own database.
  process.env.DATABASE_URL = await createTestDatabase();
  const db = openTestDatabase(process.env.DATABASE_URL);
  [{ id: learnerId }] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'hocvien'));
  db.$client.close();
});

describe('sessions', () => {
  test('stores only a SHA-256 of the secret, never the token', async () => {
    const token = await createSession(learnerId);
    const [id, secret] = token.split('.');
    const db = openTestDatabase(process.env.DATABASE_URL!);

    const [row] = await db.select().from(sessions).where(eq(sessions.id, id));

    assert.equal(row.secretHash.length, 32);
    assert.ok(!row.secretHash.toString('utf8').includes(secret));
    assert.ok(!JSON.stringify(row).includes(secret));
    db.$client.close();
  });

  test('accepts the right token and refuses a wrong secret or a malformed token', async () => {
    const token = await createSession(learnerId);
    const [id] = token.split('.');

    assert.equal((await validateSessionToken(token))?.user.username, 'hocvien');
    assert.equal(await validateSessionToken(`${id}.${'a'.repeat(32)}`), null);
    assert.equal(await validateSessionToken(id), null);
    assert.equal(await validateSessionToken(`${token}.extra`), null);
  });

  test('refreshes activity at most hourly', async () => {
    const start = Date.now();
    const token = await createSession(learnerId, start);

    assert.equal((await validateSessionToken(token, start + 60_000))?.refreshed, false);
    assert.equal((await validateSessionToken(token, start + ACTIVITY_CHECK_INTERVAL_MS + 1))?.refreshed, true);
  });

  test('ends a session after inactivity', async () => {
    const start = Date.now();
    const token = await createSession(learnerId, start);

    assert.equal(await validateSessionToken(token, start + INACTIVITY_TIMEOUT_MS + 1), null);
    assert.equal(await validateSessionToken(token, start), null, 'an expired session is deleted');
  });

  test('ends an active session at its absolute lifetime', async () => {
    const start = Date.now();
    const token = await createSession(learnerId, start);
    for (let t = start; t < start + ABSOLUTE_LIFETIME_MS; t += INACTIVITY_TIMEOUT_MS / 2) {
      assert.ok(await validateSessionToken(token, t), 'still valid while active');
    }

    assert.equal(await validateSessionToken(token, start + ABSOLUTE_LIFETIME_MS + 1), null);
  });

  test('ends every session of a user at once', async () => {
    const tokens = [await createSession(learnerId), await createSession(learnerId)];

    await invalidateUserSessions(learnerId);

    for (const token of tokens) assert.equal(await validateSessionToken(token), null);
  });

  test('gives a new token at each sign-in', async () => {
    const first = await signIn('hocvien', 'hoc-tap-moi-ngay');
    const second = await signIn('  HocVien ', 'hoc-tap-moi-ngay');

    assert.ok(first.ok && second.ok);
    assert.notEqual(first.ok && first.token, second.ok && second.token);
  });

  test('a password change ends the other sessions and keeps a new one', async () => {
    const other = await createSession(learnerId);

    const changed = await changePassword(learnerId, 'hoc-tap-moi-ngay', 'sông núi quê hương tôi', '127.0.0.1');

    assert.ok(changed.ok);
    assert.equal(await validateSessionToken(other), null);
    assert.ok(changed.ok && (await validateSessionToken(changed.token)));
    assert.equal((await signIn('hocvien', 'hoc-tap-moi-ngay')).ok, false);
    assert.equal((await signIn('hocvien', 'sông núi quê hương tôi')).ok, true);
  });
});
