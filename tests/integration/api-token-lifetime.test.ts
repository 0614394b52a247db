/**
 * How long an API token lives, on the built server: its expiry is chosen at creation (30 to 365
 * days, nothing else) and an expired token is refused with a Vietnamese 401; a token stops, with
 * the reason recorded, once its creator no longer administers its unit or is disabled, while the
 * token of an administrator who keeps the role goes on working; the token page shows expiry,
 * last use and why a token stopped; creating one needs a recent password.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { apiTokens, auditLog, roleGrants, users } from '../../db/schema/index.ts';
import { createApiToken } from '../../src/lib/server/api-tokens/tokens.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { sessionUserOf, tokenFor, unitOf } from '../support/api-token-fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
let server: RunningServer;
let db: Database;
let createSession: (userId: string, now?: number) => Promise<string>;

before(async () => {
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  ({ createSession } = await import('../../src/lib/server/auth/sessions.ts'));
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

async function get(path: string, token: string) {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error?: string } };
}

let accounts = 0;
/** A new province administrator of `provinceCode` (the seeded ones stay as they are for the control). */
async function newProvinceAdmin(provinceCode: string): Promise<string> {
  accounts += 1;
  const id = `tokadmin${accounts}`;
  await db
    .insert(users)
    .values({ id, username: `quantri.thu${accounts}`, displayName: `Quản trị thử ${accounts}`, passwordHash: 'x' });
  await db
    .insert(roleGrants)
    .values({ userId: id, role: 'province_admin', unitId: (await unitOf(db, provinceCode)).id });
  return `quantri.thu${accounts}`;
}

async function stored(id: string) {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

describe('expiry', () => {
  test('is set from the lifetime chosen at creation; anything but 30, 90, 180 or 365 days is refused', async () => {
    const admin = await sessionUserOf(db, 'quantri.songlam');
    const unitId = (await unitOf(db, 'SL')).id;
    const now = new Date('2026-12-01T00:00:00Z');

    const created = await createApiToken(db, admin, 'Thời hạn 30 ngày', unitId, { validForDays: 30, now });

    assert.ok(created.ok);
    assert.equal((await stored(created.id)).expiresAt?.getTime(), now.getTime() + 30 * DAY);
    await assert.rejects(createApiToken(db, admin, 'Quá một năm', unitId, { validForDays: 400 }), RangeError);
    await assert.rejects(
      createApiToken(db, admin, 'Không hết hạn', unitId, { validForDays: Number.POSITIVE_INFINITY }),
      RangeError,
    );
  });

  test('an expired token is refused with 401 and a Vietnamese message saying so; the day before, it works', async () => {
    const { token, id } = await tokenFor(db, 'quantri.songlam', 'SL-QL');
    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() + DAY) })
      .where(eq(apiTokens.id, id));
    assert.equal((await get('/api/v1/records', token)).status, 200);

    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, id));
    const expired = await get('/api/v1/records', token);
    const indicators = await get(`/api/v1/units/${(await unitOf(db, 'SL-QL')).id}/indicators`, token);

    assert.equal(expired.status, 401);
    assert.match(expired.body.error ?? '', /đã hết hạn/);
    assert.match(expired.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token"/);
    assert.equal(indicators.status, 401);
  });
});

describe('automatic revocation', () => {
  test('a token stops when its creator loses the administrator role over its unit, and records why; the control keeps working', async () => {
    const creator = await newProvinceAdmin('SL');
    const orphan = await tokenFor(db, creator, 'SL-PT');
    const control = await tokenFor(db, 'quantri.songlam', 'SL-PT');
    assert.equal((await get('/api/v1/records', orphan.token)).status, 200);

    await db.delete(roleGrants).where(eq(roleGrants.userId, (await sessionUserOf(db, creator)).id));
    const refused = await get('/api/v1/records', orphan.token);

    assert.equal(refused.status, 401);
    assert.match(refused.body.error ?? '', /thu hồi/);
    const row = await stored(orphan.id);
    assert.ok(row.revokedAt, 'revoked_at not recorded');
    assert.equal(row.revokedReason, 'creator-lost-role');
    assert.equal(row.revokedBy, null);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'revoke-token'), eq(auditLog.tokenId, orphan.id)));
    assert.equal(entries.length, 1);
    assert.equal(
      (await get('/api/v1/records', control.token)).status,
      200,
      'the token of an administrator who kept the role was refused',
    );
  });

  test('moving the creator to another province stops their tokens for the first one', async () => {
    const creator = await newProvinceAdmin('SL');
    const { token, id } = await tokenFor(db, creator, 'SL');
    const creatorId = (await sessionUserOf(db, creator)).id;

    await db
      .update(roleGrants)
      .set({ unitId: (await unitOf(db, 'CN')).id })
      .where(eq(roleGrants.userId, creatorId));

    assert.equal((await get('/api/v1/records', token)).status, 401);
    assert.equal((await stored(id)).revokedReason, 'creator-lost-role');
  });

  test('a token stops when its creator’s account is disabled', async () => {
    const creator = await newProvinceAdmin('SL');
    const { token, id } = await tokenFor(db, creator, 'SL-QL');
    assert.equal((await get('/api/v1/records', token)).status, 200);

    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.username, creator));

    assert.equal((await get('/api/v1/records', token)).status, 401);
    assert.equal((await stored(id)).revokedReason, 'creator-disabled');
  });
});

describe('the token page', () => {
  let cookie: string;
  before(async () => {
    cookie = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.songlam')).id)}`;
  });

  test('shows each token’s expiry, last use, and why a token stopped, even one not used since', async () => {
    const expired = await tokenFor(db, 'quantri.songlam', 'SL', 'Mã đã hết hạn');
    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - DAY) })
      .where(eq(apiTokens.id, expired.id));
    const creator = await newProvinceAdmin('SL');
    await tokenFor(db, creator, 'SL', 'Mã của người đã chuyển đi');
    await db.delete(roleGrants).where(eq(roleGrants.userId, (await sessionUserOf(db, creator)).id));

    const page = await getAs(server.baseUrl, cookie, '/quan-tri/api/');

    assert.equal(page.status, 200);
    assert.match(page.body, /<th scope="col"[^>]*>Hết hạn<\/th>/);
    assert.match(page.body, /<th scope="col"[^>]*>Dùng lần cuối<\/th>/);
    assert.match(page.body, /Đã hết hạn/);
    assert.match(page.body, /Người tạo mã không còn quyền quản trị đơn vị của mã\./);
    assert.match(page.body, /<select id="thoi-han-ma" name="validForDays"[^>]*>/);
  });

  test('creates a token with the chosen lifetime, and refuses one longer than a year', async () => {
    const unitId = (await unitOf(db, 'SL-QL')).id;
    const post = (validForDays: string, name: string) =>
      postFormAs(server.baseUrl, cookie, '/quan-tri/api/?_action=apiTokens.create', { name, unitId, validForDays });

    const created = await post('180', 'Hệ thống 180 ngày');
    const tooLong = await post('400', 'Hệ thống 400 ngày');

    assert.equal(created.status, 303);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.name, 'Hệ thống 180 ngày'));
    assert.ok(row.expiresAt);
    assert.ok(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 180 * DAY) < 1000);
    assert.match(tooLong.body, /Hãy chọn thời hạn của mã truy cập/);
    assert.equal((await db.select().from(apiTokens).where(eq(apiTokens.name, 'Hệ thống 400 ngày'))).length, 0);
  });

  test('creating or revoking with a password entered over ten minutes ago goes to the re-authentication page', async () => {
    const stale = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.songlam')).id, Date.now() - 11 * 60_000)}`;
    const { id } = await tokenFor(db, 'quantri.songlam', 'SL');

    const page = await getAs(server.baseUrl, stale, '/quan-tri/api/');
    const create = await postFormAs(server.baseUrl, stale, '/quan-tri/api/?_action=apiTokens.create', {
      name: 'Không được tạo',
      unitId: (await unitOf(db, 'SL')).id,
      validForDays: '30',
    });
    const revoke = await postFormAs(server.baseUrl, stale, '/quan-tri/api/?_action=apiTokens.revoke', { tokenId: id });

    assert.match(page.body, /data-reauth-prompt/);
    for (const answer of [create, revoke]) {
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), `/xac-nhan-mat-khau/?next=${encodeURIComponent('/quan-tri/api/')}`);
    }
    assert.equal((await db.select().from(apiTokens).where(eq(apiTokens.name, 'Không được tạo'))).length, 0);
    assert.equal((await stored(id)).revokedAt, null);
  });
});
