/**
 * A production database has no demo accounts: `npm run admin:first` creates its first system
 * administrator with a temporary password, once, and never over an existing one.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { createFirstAdmin } from '../../db/first-admin.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { roleGrants, users } from '../../db/schema/index.ts';
import { verifyPassword } from '../../src/lib/server/auth/password.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';

const empty = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'hls-first-admin-')), 'empty.db')}`);
await migrateDatabase(empty);
const demo = openTestDatabase(await createTestDatabase());
after(() => {
  empty.$client.close();
  demo.$client.close();
});

test('refuses a bad username and writes nothing', async () => {
  const result = await createFirstAdmin(empty, { username: 'Quản trị!', displayName: 'Sở Nội vụ' });

  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.message : '', /Tên đăng nhập gồm/);
  assert.equal((await empty.select().from(users)).length, 0);
});

test('creates one system administrator whose temporary password must be changed at first sign-in', async () => {
  const result = await createFirstAdmin(empty, { username: ' QuanTri.Tinh ', displayName: 'Sở Nội vụ tỉnh' });

  assert.ok(result.ok);
  const [user] = await empty.select().from(users).where(eq(users.username, 'quantri.tinh'));
  assert.ok(user?.mustChangePassword);
  assert.ok(await verifyPassword(user.passwordHash, result.temporaryPassword));
  assert.deepEqual(await empty.select({ role: roleGrants.role, unitId: roleGrants.unitId }).from(roleGrants), [
    { role: 'system_admin', unitId: null },
  ]);
});

test('refuses once a system administrator exists, on this database and on the demo one', async () => {
  for (const db of [empty, demo]) {
    const before = await db.select({ id: users.id }).from(users);
    const result = await createFirstAdmin(db, { username: 'nguoi.khac', displayName: 'Người khác' });

    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /Đã có quản trị hệ thống/);
    assert.equal((await db.select({ id: users.id }).from(users)).length, before.length);
  }
});
