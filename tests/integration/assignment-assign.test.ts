/**
 * Assigning a course to officials (assignTraining), cancelling (cancelAssignment) and the overdue
 * list, on a real libSQL file database seeded with the demo organisation: only officials in the
 * administrator's subtree are reached, and an assignment is written whole or not at all.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  assignments,
  auditLog,
  courseCompletions,
  officials,
  roleGrants,
  units,
  users,
} from '../../db/schema/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { assignTraining, cancelAssignment } from '../../src/lib/server/assignments/assign.ts';
import {
  assignmentSummaryInScope,
  assignmentsInScope,
  assignmentsOfOfficial,
  overdueAssignmentsInScope,
} from '../../src/lib/server/assignments/queries.ts';
import { countTargets } from '../../src/lib/server/assignments/targets.ts';
import { pathInSubtree } from '../../src/lib/server/org/scope.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';

let db: Database;

before(async () => {
  db = openTestDatabase(await createTestDatabase());
});
after(() => db.$client.close());

/** The demo administrator with this username, as the session would describe them. */
async function administrator(username: string): Promise<SessionUser> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const grants = await db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, user.id));
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    officialId: user.officialId,
    mustChangePassword: false,
    roles: grants,
  };
}

async function unitByCode(code: string) {
  const [unit] = await db.select().from(units).where(eq(units.code, code));
  return unit;
}

/** Ids of the active officials in the subtree of the unit with this code. */
async function activeOfficialsUnder(code: string): Promise<string[]> {
  const unit = await unitByCode(code);
  const rows = await db
    .select({ id: officials.id })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(eq(officials.active, true), pathInSubtree(unit.path)));
  return rows.map((row) => row.id).sort();
}

async function assignedOfficials(courseId: string): Promise<string[]> {
  const rows = await db
    .select({ officialId: assignments.officialId })
    .from(assignments)
    .where(and(eq(assignments.courseId, courseId), isNull(assignments.cancelledAt)));
  return rows.map((row) => row.officialId).sort();
}

async function officialId(staffCode: string): Promise<string> {
  const [row] = await db.select({ id: officials.id }).from(officials).where(eq(officials.staffCode, staffCode));
  return row.id;
}

const request = (courseId: string, targets: Parameters<typeof assignTraining>[2]['targets']) => ({
  courseId,
  deadline: '2027-06-30',
  reason: 'Theo kế hoạch bồi dưỡng năm 2027',
  targets,
});

describe('assignTraining', () => {
  test('assigning with an empty filter reaches every active official of the commune administrator’s subtree and nobody else', async () => {
    const admin = await administrator('quantri.quangloi');
    const expected = await activeOfficialsUnder('SL-QL');

    const outcome = await assignTraining(db, admin, request('khoa-loc-rong', { kind: 'filter', filter: {} }));

    assert.ok(expected.length > 0);
    assert.deepEqual(outcome, { ok: true, assigned: expected.length, skipped: [] });
    assert.deepEqual(await assignedOfficials('khoa-loc-rong'), expected);
  });

  test('a province administrator’s filter by the expertise flag reaches only flagged officials of their province', async () => {
    const admin = await administrator('quantri.songlam');
    const province = await unitByCode('SL');
    const flagged = await db
      .select({ id: officials.id })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(eq(officials.active, true), eq(officials.underqualified, true), pathInSubtree(province.path)));

    const outcome = await assignTraining(
      db,
      admin,
      request('khoa-chua-dap-ung', { kind: 'filter', filter: { underqualified: true } }),
    );

    assert.ok(flagged.length > 0);
    assert.equal(outcome.ok && outcome.assigned, flagged.length);
    assert.deepEqual(await assignedOfficials('khoa-chua-dap-ung'), flagged.map((row) => row.id).sort());
  });

  test('a filter by field, job title and group reaches exactly the officials of the scope matching all three', async () => {
    const admin = await administrator('quantri.songlam');
    const province = await unitByCode('SL');
    const everyone = await db
      .select({ id: officials.id, fields: officials.fields, jobTitle: officials.jobTitle, group: officials.group })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(eq(officials.active, true), pathInSubtree(province.path)));
    const expected = everyone
      .filter(
        (row) =>
          row.fields.includes('dau-tu-cong') &&
          row.jobTitle === 'Phó Chủ tịch UBND' &&
          row.group === 'lanh-dao-quan-ly',
      )
      .map((row) => row.id);

    const outcome = await assignTraining(
      db,
      admin,
      request('khoa-linh-vuc', {
        kind: 'filter',
        filter: { field: 'dau-tu-cong', jobTitle: 'Phó Chủ tịch UBND', group: 'lanh-dao-quan-ly' },
      }),
    );

    assert.ok(expected.length > 0);
    assert.equal(outcome.ok && outcome.assigned, expected.length);
    assert.deepEqual(await assignedOfficials('khoa-linh-vuc'), expected.sort());
  });

  test('a filter naming a unit outside the scope reaches nobody and writes nothing', async () => {
    const admin = await administrator('quantri.quangloi');
    const elsewhere = await unitByCode('SL-PT');

    const outcome = await assignTraining(
      db,
      admin,
      request('khoa-ngoai-pham-vi', { kind: 'filter', filter: { unitId: elsewhere.id } }),
    );

    assert.deepEqual(outcome, { ok: false, reason: 'no-officials' });
    assert.deepEqual(await assignedOfficials('khoa-ngoai-pham-vi'), []);
    assert.equal(await countTargets(db, admin, { kind: 'filter', filter: { unitId: elsewhere.id } }), 0);
  });

  test('officials chosen one by one outside the scope are ignored', async () => {
    const admin = await administrator('quantri.quangloi');
    const inside = await officialId('SL-QL-007');
    const outside = await officialId('SL-PT-001');

    const outcome = await assignTraining(
      db,
      admin,
      request('khoa-chon-tung-nguoi', { kind: 'officials', officialIds: [inside, outside] }),
    );

    assert.deepEqual(outcome, { ok: true, assigned: 1, skipped: [] });
    assert.deepEqual(await assignedOfficials('khoa-chon-tung-nguoi'), [inside]);
  });

  test('officials already assigned to the course are skipped and reported, the others assigned', async () => {
    const admin = await administrator('quantri.quangloi');
    const first = await officialId('SL-QL-001');
    const second = await officialId('SL-QL-002');
    await assignTraining(db, admin, request('khoa-giao-lai', { kind: 'officials', officialIds: [first] }));

    const outcome = await assignTraining(
      db,
      admin,
      request('khoa-giao-lai', { kind: 'officials', officialIds: [first, second] }),
    );

    assert.equal(outcome.ok, true);
    assert.equal(outcome.ok && outcome.assigned, 1);
    assert.deepEqual(outcome.ok && outcome.skipped.map((official) => official.staffCode), ['SL-QL-001']);
    assert.deepEqual(await assignedOfficials('khoa-giao-lai'), [first, second].sort());
  });

  test('writes one audit entry with the count and the filter', async () => {
    const admin = await administrator('quantri.quangloi');
    const office = (await db.select().from(units).where(like(units.code, 'SL-QL-%')))[0];

    const outcome = await assignTraining(
      db,
      admin,
      request('khoa-nhat-ky', { kind: 'filter', filter: { unitId: office.id } }),
    );

    const entries = await db.select().from(auditLog).where(eq(auditLog.target, 'course:khoa-nhat-ky'));
    assert.equal(entries.length, 1);
    assert.equal(entries[0].action, 'assign');
    assert.equal(entries[0].userId, admin.id);
    assert.equal(entries[0].details?.count, outcome.ok ? outcome.assigned : -1);
    assert.deepEqual(entries[0].details?.filter, { unitId: office.id });
  });

  test('is all or nothing: when the audit entry cannot be written, no official is assigned', async () => {
    const admin = await administrator('quantri.quangloi');
    await db.run(
      sql.raw(
        `create trigger fail_assign_audit before insert on audit_log when new.target = 'course:khoa-hong' begin select raise(abort, 'audit refused'); end`,
      ),
    );
    try {
      await assert.rejects(assignTraining(db, admin, request('khoa-hong', { kind: 'filter', filter: {} })));
    } finally {
      await db.run(sql.raw('drop trigger fail_assign_audit'));
    }

    assert.deepEqual(await assignedOfficials('khoa-hong'), []);
  });
});

describe('overdue assignments and cancelling', () => {
  test('an assignment past its deadline without a completion is overdue, with the days counted', async () => {
    const admin = await administrator('quantri.quangloi');
    const official = await officialId('SL-QL-010');
    await assignTraining(db, admin, {
      ...request('khoa-qua-han', { kind: 'officials', officialIds: [official] }),
      deadline: '2027-01-10',
    });

    const overdue = await overdueAssignmentsInScope(db, admin, '2027-01-15');
    const onTheDay = await overdueAssignmentsInScope(db, admin, '2027-01-10');

    assert.deepEqual(
      overdue.filter((row) => row.courseId === 'khoa-qua-han').map((row) => [row.officialId, row.daysOverdue]),
      [[official, 5]],
    );
    assert.equal(onTheDay.filter((row) => row.courseId === 'khoa-qua-han').length, 0);
  });

  test('a completion of the course takes the assignment off the overdue list and shows on the learner’s own list', async () => {
    const admin = await administrator('quantri.quangloi');
    const official = await officialId('SL-QL-011');
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.officialId, official));
    await assignTraining(db, admin, {
      ...request('khoa-da-xong', { kind: 'officials', officialIds: [official] }),
      deadline: '2027-01-10',
    });
    await db.insert(courseCompletions).values({
      userId: account.id,
      courseId: 'khoa-da-xong',
      officialId: official,
      completedAt: new Date('2027-01-20T03:00:00Z'),
      courseVersion: 'thu',
    });

    const overdue = await overdueAssignmentsInScope(db, admin, '2027-02-01');
    const own = await assignmentsOfOfficial(db, official);

    assert.equal(overdue.filter((row) => row.courseId === 'khoa-da-xong').length, 0);
    assert.equal(
      own.find((row) => row.courseId === 'khoa-da-xong')?.completedAt?.toISOString(),
      '2027-01-20T03:00:00.000Z',
    );
  });

  test('on the learner’s own list, someone else’s completion of the course does not complete the assignment', async () => {
    const admin = await administrator('quantri.quangloi');
    const official = await officialId('SL-QL-012');
    const other = await officialId('SL-QL-013');
    const [otherAccount] = await db.select({ id: users.id }).from(users).where(eq(users.officialId, other));
    await assignTraining(db, admin, {
      ...request('khoa-nguoi-khac-xong', { kind: 'officials', officialIds: [official] }),
      deadline: '2027-01-10',
    });
    await db.insert(courseCompletions).values({
      userId: otherAccount.id,
      courseId: 'khoa-nguoi-khac-xong',
      officialId: other,
      completedAt: new Date('2027-01-05T03:00:00Z'),
      courseVersion: 'thu',
    });

    const own = await assignmentsOfOfficial(db, official);

    assert.equal(own.find((row) => row.courseId === 'khoa-nguoi-khac-xong')?.completedAt, null);
  });

  test('the per-course summary counts assigned, completed and overdue assignments in scope only', async () => {
    const admin = await administrator('quantri.quangloi');
    const stranger = await administrator('quantri.phuthinh');

    const summary = await assignmentSummaryInScope(db, admin, '2027-02-01');
    const strangers = await assignmentSummaryInScope(db, stranger, '2027-02-01');

    assert.deepEqual(
      summary.find((row) => row.courseId === 'khoa-qua-han'),
      { courseId: 'khoa-qua-han', assigned: 1, completed: 0, overdue: 1 },
    );
    assert.deepEqual(
      summary.find((row) => row.courseId === 'khoa-da-xong'),
      { courseId: 'khoa-da-xong', assigned: 1, completed: 1, overdue: 0 },
    );
    assert.equal(
      strangers.find((row) => row.courseId === 'khoa-qua-han'),
      undefined,
    );
  });

  test('another commune’s administrator neither sees nor cancels the assignment', async () => {
    const admin = await administrator('quantri.quangloi');
    const stranger = await administrator('quantri.phuthinh');
    const official = await officialId('SL-QL-012');
    await assignTraining(db, admin, request('khoa-huy', { kind: 'officials', officialIds: [official] }));
    const [assignment] = await db.select().from(assignments).where(eq(assignments.courseId, 'khoa-huy'));

    assert.equal((await assignmentsInScope(db, stranger, { courseId: 'khoa-huy' })).length, 0);
    assert.equal(await cancelAssignment(db, stranger, assignment.id), false);
    assert.deepEqual(await assignedOfficials('khoa-huy'), [official]);
  });

  test('cancelling frees the official for a new assignment to the same course and is audited', async () => {
    const admin = await administrator('quantri.quangloi');
    const official = await officialId('SL-QL-013');
    await assignTraining(db, admin, request('khoa-huy-roi-giao', { kind: 'officials', officialIds: [official] }));
    const [assignment] = await db.select().from(assignments).where(eq(assignments.courseId, 'khoa-huy-roi-giao'));

    assert.equal(await cancelAssignment(db, admin, assignment.id), true);
    assert.equal(await cancelAssignment(db, admin, assignment.id), false);
    const again = await assignTraining(
      db,
      admin,
      request('khoa-huy-roi-giao', { kind: 'officials', officialIds: [official] }),
    );

    assert.deepEqual(again, { ok: true, assigned: 1, skipped: [] });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'cancel-assignment'), eq(auditLog.target, `assignment:${assignment.id}`)));
    assert.equal(audit.length, 1);
    assert.equal(
      (
        await db
          .select()
          .from(assignments)
          .where(inArray(assignments.courseId, ['khoa-huy-roi-giao']))
      ).length,
      2,
    );
  });
});
