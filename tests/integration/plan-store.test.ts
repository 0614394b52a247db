/**
 * Training plans against a real libSQL database: saving replaces the rows as a whole with one
 * audit entry, one plan per unit and period, and a plan is found only within scope.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog, units, users, type Unit } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import type { PlanItem } from '../../src/lib/plans/plan-sheet.ts';
import { findPlanInScope, plansInScope, savePlan } from '../../src/lib/server/plans/plan-store.ts';

let db: Database;
const admins: Record<string, SessionUser> = {};
let quangLoi: Unit;

before(async () => {
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  for (const username of ['quantri.quangloi', 'quantri.phuthinh', 'quantri.songlam']) {
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    admins[username] = (await validateSessionToken(await createSession(account.id)))!.user;
  }
  [quangLoi] = await db.select().from(units).where(eq(units.code, 'SL-QL'));
});
after(() => db?.$client.close());

const item = (content: string): PlanItem => ({
  content,
  audience: 'Công chức chuyên môn',
  classCount: 1,
  peopleCount: 30,
  duration: '3 ngày',
  place: 'Hội trường xã',
  fundProvince: 12.5,
  fundCentral: 0,
  fundScheme: 0,
  fundOther: 0,
  organiser: 'UBND xã',
  note: '',
});

describe('savePlan', () => {
  test('replaces the rows of a plan as a whole and writes one audit entry per save', async () => {
    const admin = admins['quantri.quangloi'];
    const id = (await savePlan(
      admin,
      quangLoi,
      undefined,
      { span: 'nam', period: '2030', title: 'Kế hoạch năm 2030' },
      [item('Một'), item('Hai')],
    ))!;

    await savePlan(admin, quangLoi, id, { span: 'nam', period: '2030', title: 'Kế hoạch năm 2030 (sửa)' }, [
      item('Ba'),
    ]);

    const found = await findPlanInScope(admin, id);
    assert.deepEqual(
      found?.items.map((row) => row.content),
      ['Ba'],
    );
    assert.equal(found?.plan.title, 'Kế hoạch năm 2030 (sửa)');
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'save-plan'), eq(auditLog.target, `plan:${id}`)));
    assert.equal(entries.length, 2);
  });

  test('refuses a second plan of the same unit for the same period', async () => {
    const admin = admins['quantri.quangloi'];
    await savePlan(admin, quangLoi, undefined, { span: 'giai-doan', period: '2029-2031', title: 'Giai đoạn 2' }, [
      item('Một'),
    ]);

    const second = await savePlan(
      admin,
      quangLoi,
      undefined,
      { span: 'giai-doan', period: '2029-2031', title: 'Trùng' },
      [item('Hai')],
    );

    assert.equal(second, undefined);
  });
});

describe('findPlanInScope', () => {
  test("does not find a commune's plan for another commune's administrator, nor list it", async () => {
    const id = (await savePlan(
      admins['quantri.quangloi'],
      quangLoi,
      undefined,
      { span: 'nam', period: '2031', title: 'Năm 2031' },
      [item('Một')],
    ))!;

    assert.equal(await findPlanInScope(admins['quantri.phuthinh'], id), undefined);
    assert.equal(
      (await plansInScope(admins['quantri.phuthinh'])).some((row) => row.plan.id === id),
      false,
    );
  });

  test("finds a commune's plan for its province's administrator", async () => {
    const id = (await savePlan(
      admins['quantri.quangloi'],
      quangLoi,
      undefined,
      { span: 'nam', period: '2032', title: 'Năm 2032' },
      [item('Một')],
    ))!;

    assert.equal((await findPlanInScope(admins['quantri.songlam'], id))?.plan.id, id);
  });
});
