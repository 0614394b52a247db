/**
 * Scoped API tokens on the built server: a token reads its own unit's subtree and nothing else,
 * a revoked or malformed token is refused with 401, every use is audited at most once a minute,
 * and only province or system administrators create tokens, for units in their own scope.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { apiTokens, auditLog } from '../../db/schema/index.ts';
import { createApiToken, revokeApiToken } from '../../src/lib/server/api-tokens/tokens.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { TCD } from '../support/completion-fixtures.ts';
import {
  addClass,
  addCompletion,
  allPages,
  sessionUserOf,
  staffCodesUnder,
  tokenFor,
  unitOf,
} from '../support/api-token-fixtures.ts';

let server: RunningServer;
let db: Database;
let adminCookie: string;

before(async () => {
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  adminCookie = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.songlam')).id)}`;
  await addCompletion(db, 'SL-QL-007', TCD, new Date('2026-02-10T03:00:00Z'), {
    scorePercent: 90,
    certificate: 'valid',
  });
  await addCompletion(db, 'SL-PT-003', TCD, new Date('2026-02-11T03:00:00Z'), { scorePercent: 80 });
  await addCompletion(db, 'CN-EA-002', TCD, new Date('2026-02-12T03:00:00Z'), { scorePercent: 70 });
  await addClass(db, 'SL-PT', await staffCodesUnder(db, 'SL-PT'), { content: 'Tập huấn cải cách hành chính' });
  await addClass(db, 'SL-QL', await staffCodesUnder(db, 'SL-QL'), { content: 'Tập huấn chuyển đổi số' });
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

async function get(path: string, token?: string) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe('token scope', () => {
  test('a commune token never sees another commune, whether listing, filtering or asking for indicators', async () => {
    const { token } = await tokenFor(db, 'quantri.songlam', 'SL-QL');
    const otherCommune = await unitOf(db, 'SL-PT');

    const { rows } = await allPages(server.baseUrl, token, '/api/v1/records?pageSize=10');
    const byUnit = await get(`/api/v1/records?unit=${otherCommune.id}`, token);
    const indicators = await get(`/api/v1/units/${otherCommune.id}/indicators`, token);

    assert.ok(rows.length > 0);
    assert.deepEqual([...new Set(rows.map((row) => row.unit.code.slice(0, 5)))], ['SL-QL']);
    assert.equal(byUnit.status, 404);
    assert.equal(indicators.status, 404);
  });

  test('a province token sees every commune of its province and none of another province', async () => {
    const { token } = await tokenFor(db, 'quantri.songlam', 'SL');

    const { rows } = await allPages(server.baseUrl, token, '/api/v1/records?pageSize=500');

    const communes = new Set(rows.map((row) => row.unit.code.slice(0, 5)));
    assert.ok(communes.has('SL-QL') && communes.has('SL-PT'));
    assert.ok(![...communes].some((code) => code.startsWith('CN')));
  });

  test('the indicators of a unit outside the token scope answer 404, the same as a unit that does not exist', async () => {
    const { token } = await tokenFor(db, 'quantri.songlam', 'SL');
    const otherProvince = await unitOf(db, 'CN');

    const outside = await get(`/api/v1/units/${otherProvince.id}/indicators?period=2026-2028`, token);
    const missing = await get('/api/v1/units/khongtontai/indicators?period=2026-2028', token);
    const inside = await get(`/api/v1/units/${(await unitOf(db, 'SL-QL')).id}/indicators?period=2026-2028`, token);

    assert.equal(outside.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(inside.status, 200);
  });

  test('the indicators of a unit in scope give each share with its definition, and a bad period answers 400', async () => {
    const { token } = await tokenFor(db, 'quantri.songlam', 'SL');
    const commune = await unitOf(db, 'SL-QL');

    const answer = await get(`/api/v1/units/${commune.id}/indicators?period=2026`, token);
    const badPeriod = await get(`/api/v1/units/${commune.id}/indicators?period=2025-2027`, token);

    assert.equal(answer.status, 200);
    assert.equal(answer.body.unit.code, 'SL-QL');
    assert.deepEqual(answer.body.indicators.map((share: { key: string }) => share.key).sort(), [
      'field-skills',
      'general-management',
      'leaders-programme',
      'underqualified-sent',
    ]);
    assert.ok(
      answer.body.indicators.every(
        (share: Record<string, unknown>) => typeof share.denominator === 'number' && !('numeratorIds' in share),
      ),
    );
    assert.equal(badPeriod.status, 400);
    assert.match(badPeriod.body.issues[0].message, /2026-2028/);
  });
});

describe('refused tokens', () => {
  test('a revoked token is refused with 401', async () => {
    const { token, id } = await tokenFor(db, 'quantri.songlam', 'SL');
    assert.equal((await get('/api/v1/records', token)).status, 200);

    assert.equal(await revokeApiToken(db, await sessionUserOf(db, 'quantri.songlam'), id), 'revoked');
    const after = await get('/api/v1/records', token);

    assert.equal(after.status, 401);
    assert.match(after.body.error, /thu hồi/);
  });

  test('a request without a token, with a wrong token or with only a session cookie is refused with 401', async () => {
    const missing = await get('/api/v1/records');
    const wrong = await get('/api/v1/records', `hls_${'a'.repeat(32)}`);
    const malformed = await get('/api/v1/records', 'not-a-token');
    const sessionOnly = await fetch(`${server.baseUrl}/api/v1/records`, { headers: { Cookie: adminCookie } });

    assert.equal(sessionOnly.status, 401);
    for (const answer of [missing, wrong, malformed]) {
      assert.equal(answer.status, 401);
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });
});

describe('auditing', () => {
  test('a token used many times within a minute writes one token-use entry and sets last_used_at', async () => {
    const { token, id } = await tokenFor(db, 'quantri.songlam', 'SL-PT');

    await Promise.all([
      get('/api/v1/records', token),
      get('/api/v1/records', token),
      get('/api/v1/records?page=2', token),
    ]);
    await get('/api/v1/records', token);

    const uses = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'token-use'), eq(auditLog.tokenId, id)));
    const [stored] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
    assert.equal(uses.length, 1);
    assert.equal(uses[0].userId, null);
    assert.ok(stored.lastUsedAt instanceof Date);
  });

  test('creating and revoking a token are audited, and the secret is stored only as a hash', async () => {
    const admin = await sessionUserOf(db, 'quantri.songlam');
    const created = await createApiToken(db, admin, 'Hệ thống CSDL tỉnh', (await unitOf(db, 'SL')).id);
    assert.ok(created.ok);

    await revokeApiToken(db, admin, created.id);

    const entries = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `api-token:${created.id}`));
    const [stored] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    assert.deepEqual(entries.map((entry) => entry.action).sort(), ['create-token', 'revoke-token']);
    assert.match(created.token, /^hls_[a-z2-7]{32}$/);
    assert.notEqual(stored.tokenHash, created.token);
    assert.ok(!JSON.stringify(entries).includes(created.token));
  });
});

describe('who creates tokens', () => {
  test('the token page is not found for a commune administrator', async () => {
    const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
    const communeCookie = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.quangloi')).id)}`;

    const commune = await fetch(`${server.baseUrl}/quan-tri/api/`, {
      headers: { Cookie: communeCookie },
      redirect: 'manual',
    });
    const province = await fetch(`${server.baseUrl}/quan-tri/api/`, {
      headers: { Cookie: adminCookie },
      redirect: 'manual',
    });

    assert.equal(commune.status, 404);
    assert.equal(province.status, 200);
  });

  test('a token form without a name shows the error summary and creates nothing', async () => {
    const before = await db.select().from(apiTokens);

    const response = await fetch(`${server.baseUrl}/quan-tri/api/?_action=apiTokens.create`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: adminCookie, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: '   ', unitId: (await unitOf(db, 'SL')).id }),
    });
    const html = await response.text();

    assert.match(html, /<title>Lỗi: /);
    assert.match(html, /Có lỗi cần sửa/);
    assert.match(html, /Hãy đặt tên cho mã truy cập/);
    assert.equal((await db.select().from(apiTokens)).length, before.length);
  });

  test('a commune administrator cannot create a token, and a province administrator cannot create one for another province', async () => {
    const communeAdmin = await sessionUserOf(db, 'quantri.quangloi');
    const provinceAdmin = await sessionUserOf(db, 'quantri.songlam');

    const byCommune = await createApiToken(db, communeAdmin, 'Thử', (await unitOf(db, 'SL-QL')).id);
    const elsewhere = await createApiToken(db, provinceAdmin, 'Thử', (await unitOf(db, 'CN-EA')).id);
    const office = await createApiToken(db, provinceAdmin, 'Thử', (await unitOf(db, 'SL-QL-VP')).id);

    assert.deepEqual([byCommune.ok, elsewhere.ok, office.ok], [false, false, false]);
  });
});
