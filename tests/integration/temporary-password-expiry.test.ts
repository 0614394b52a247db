/**
 * ASVS 5.0 6.4.1 over HTTP against the built server: a temporary password opens the account for
 * seven days. Issuing one sets the expiry (also for `npm run admin:first`) and the official's
 * page shows it; a right but expired temporary password starts no session, with its own message,
 * after the same one Argon2 check and without counting as a failure (the control: the same
 * password before its expiry goes to /doi-mat-khau/); choosing a new password clears the expiry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { officials, sessions, signInThrottle, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { openDatabase } from '../../db/client.ts';
import { createFirstAdmin } from '../../db/first-admin.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { TEMPORARY_PASSWORD_LIFETIME_MS } from '../../src/lib/auth/account-rules.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInOverHttp } from '../support/authoring-http.ts';
import { getAs, postFormAs, type HttpAnswer } from '../support/http.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRED = /Mật khẩu tạm thời đã hết hạn \(quá 7 ngày\)\. Hãy đề nghị quản trị viên cấp mật khẩu mới\./;
const NEW_PASSWORD = 'canh-dong-lua-chin-vang-2026';

let server: RunningServer;
let db: Database;
before(async () => {
  const url = await createTestDatabase();
  db = openTestDatabase(url);
  server = await startServer({ DATABASE_URL: url });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

async function userByName(username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  return user;
}

function postSignIn(username: string, password: string): Promise<HttpAnswer> {
  return postFormAs(server.baseUrl, '', '/dang-nhap/?_action=signIn', { username, password });
}

/** Issues a temporary password through the official's page form, as a commune administrator does. */
async function issue(adminCookie: string, officialId: string): Promise<string> {
  const answer = await postFormAs(
    server.baseUrl,
    adminCookie,
    `/quan-tri/can-bo/${officialId}/?_action=admin.resetOfficialPassword`,
    { officialId },
  );
  assert.equal(answer.status, 303, answer.body.slice(0, 300));
  const left = /hls_mat_khau_tam=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(left, 'the temporary password is left for the page');
  return decodeURIComponent(left).split(':')[1];
}

const sessionsOf = async (userId: string) =>
  (await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0].n;

describe('a temporary password expires after seven days (ASVS 6.4.1)', () => {
  test('issuing sets the expiry to seven days on, the page shows it; before it the password works, after it not; changing clears it', async () => {
    assert.equal(TEMPORARY_PASSWORD_LIFETIME_MS, 7 * DAY_MS);
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'SL-QL-005'));
    const admin = await signInOverHttp(server.baseUrl, 'quantri.quangloi', 'quan-tri-xa-2026');
    const issuedAt = Date.now();
    const password = await issue(admin, official.id);
    const account = await userByName('sl-ql-005');
    assert.equal(account.mustChangePassword, true);
    assert.ok(account.temporaryPasswordExpiresAt, 'an expiry is set');
    const lifetime = account.temporaryPasswordExpiresAt.getTime() - issuedAt;
    assert.ok(Math.abs(lifetime - 7 * DAY_MS) < 60_000, `about seven days (${lifetime} ms)`);

    const page = await getAs(server.baseUrl, admin, `/quan-tri/can-bo/${official.id}/`);
    assert.equal(page.status, 200);
    assert.match(page.body, /mật khẩu tạm thời, phải đổi khi đăng nhập; hết hạn lúc \d{2}:\d{2} ngày/);

    // The control: before the expiry the temporary password signs in, to the password page.
    const early = await postSignIn('sl-ql-005', password);
    assert.equal(early.status, 302, early.body.slice(0, 300));
    assert.equal(early.headers.get('location'), '/doi-mat-khau/');
    const earlyCookie = /hls_session=[^;]+/.exec(early.headers.get('set-cookie') ?? '')?.[0];
    assert.ok(earlyCookie);

    // Eight days later (the expiry moved back as the clock cannot be): refused, no new session.
    await db
      .update(users)
      .set({ temporaryPasswordExpiresAt: new Date(Date.now() - DAY_MS) })
      .where(eq(users.id, account.id));
    const before = await sessionsOf(account.id);
    const late = await postSignIn('sl-ql-005', password);
    assert.equal(late.status, 403);
    assert.match(late.body, EXPIRED);
    assert.doesNotMatch(late.headers.get('set-cookie') ?? '', /hls_session=[a-z0-9]+\./, 'no session cookie');
    assert.equal(await sessionsOf(account.id), before, 'no session was started');
    // The right password: not a failed try (no throttle row left for the account).
    assert.equal((await db.select().from(signInThrottle).where(eq(signInThrottle.username, 'sl-ql-005'))).length, 0);
    // A wrong password is still told the usual words (the expiry says nothing to a guesser).
    const wrong = await postSignIn('sl-ql-005', 'khong-phai-mat-khau');
    assert.match(wrong.body, /Tên đăng nhập hoặc mật khẩu không đúng\./);
    assert.doesNotMatch(wrong.body, EXPIRED);
    assert.match((await getAs(server.baseUrl, admin, `/quan-tri/can-bo/${official.id}/`)).body, /đã hết hạn lúc/);

    // A session opened before the expiry cannot use the expired password to choose a new one.
    const form = { currentPassword: password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    const refused = await postFormAs(server.baseUrl, earlyCookie, '/doi-mat-khau/?_action=changeOwnPassword', form);
    assert.match(refused.body, EXPIRED);
    assert.equal((await userByName('sl-ql-005')).mustChangePassword, true);

    // A new temporary password: seven more days; changing it clears the expiry.
    const again = await issue(admin, official.id);
    const cookie = await signInOverHttp(server.baseUrl, 'sl-ql-005', again);
    const changed = await postFormAs(server.baseUrl, cookie, '/doi-mat-khau/?_action=changeOwnPassword', {
      ...form,
      currentPassword: again,
    });
    assert.equal(changed.status, 302, changed.body.slice(0, 300));
    const afterwards = await userByName('sl-ql-005');
    assert.equal(afterwards.mustChangePassword, false);
    assert.equal(afterwards.temporaryPasswordExpiresAt, null, 'the expiry is cleared');
    assert.equal((await postSignIn('sl-ql-005', NEW_PASSWORD)).status, 302);
  });

  test('the first administrator’s temporary password (npm run admin:first) expires in seven days too', async () => {
    const empty = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'hls-tpe-')), 'empty.db')}`);
    try {
      await migrateDatabase(empty);
      const startedAt = Date.now();
      const result = await createFirstAdmin(empty, { username: 'quantri.dau', displayName: 'Quản trị đầu tiên' });
      assert.ok(result.ok);
      const [user] = await empty.select().from(users).where(eq(users.username, 'quantri.dau'));
      assert.ok(user.temporaryPasswordExpiresAt);
      assert.ok(Math.abs(user.temporaryPasswordExpiresAt.getTime() - startedAt - 7 * DAY_MS) < 60_000);
      assert.equal(result.expiresAt.getTime(), user.temporaryPasswordExpiresAt.getTime());
    } finally {
      empty.$client.close();
    }
  });
});
