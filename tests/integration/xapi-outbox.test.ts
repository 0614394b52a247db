/**
 * Statements queued with their facts: a completion and its certificate, a revocation and a final
 * test each write their statements in the same transaction (a rolled-back completion leaves none),
 * accounts without a staff code send nothing, and administrators resend within their scope only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import xapiValidation from 'xapi-validation';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  certificates,
  courseCompletions,
  quizAttempts,
  roleGrants,
  units,
  users,
  xapiOutbox,
} from '../../db/schema/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { revokeCertificate } from '../../src/lib/server/certificates/revoke.ts';
import { completeCourseIfDue } from '../../src/lib/server/completion/complete-course.ts';
import { outboxCounts, recentOutboxRows, resendAllFailed, resendStatement } from '../../src/lib/server/xapi/admin.ts';
import { enqueueEvaluationStatement, enqueueFinalTestStatement } from '../../src/lib/server/xapi/record-facts.ts';
import { registrationOf, statementIdOf } from '../../src/lib/xapi/uuid.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import {
  TCD,
  TCD_FINAL,
  completeLessonsAndVideos,
  demoCompletionCourse,
  gradedFinalAttempt,
  userIdOf,
} from '../support/completion-fixtures.ts';

// CommonJS with `exports.default`: Node hands an ES import the whole exports object.
const validateStatement = (xapiValidation as unknown as { default?: typeof xapiValidation }).default ?? xapiValidation;

const course = demoCompletionCourse(TCD);
let db: Database;

before(async () => {
  db = openTestDatabase(await createTestDatabase());
});
after(() => db.$client.close());

/** An administrator as the session would load them, from the demo accounts. */
async function sessionUserOf(username: string): Promise<SessionUser> {
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
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

/** A learner who has done everything the demo course asks, with the final test passed. */
async function readyToComplete(staffCodeOrUsername: string): Promise<string> {
  const userId = await userIdOf(db, staffCodeOrUsername);
  await completeLessonsAndVideos(db, userId, course);
  await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 85, passed: true });
  return userId;
}

function statementsOf(userId: string) {
  return db
    .select()
    .from(xapiOutbox)
    .where(eq(xapiOutbox.statementId, statementIdOf(`course-completed:${userId}:${TCD}`)));
}

describe('statements queued with their facts', () => {
  test('a completion queues "completed" and "certificate issued", valid and pending, in the learner’s unit', async () => {
    const userId = await readyToComplete('SL-QL-011');

    const outcome = await completeCourseIfDue(db, course, userId);

    assert.equal(outcome.recorded, true);
    const [certificate] = await db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, userId), eq(certificates.courseId, TCD)));
    const rows = await db.select().from(xapiOutbox).where(eq(xapiOutbox.unitPath, certificate.unitPath!));
    const mine = rows.filter(
      (row) => (row.statement as { actor: { account: { name: string } } }).actor.account.name === 'SL-QL-011',
    );
    assert.deepEqual(mine.map((row) => row.factKind).sort(), ['certificate-issued', 'course-completed']);
    for (const row of mine) {
      assert.equal(row.status, 'pending');
      assert.deepEqual(validateStatement(row.statement), []);
      assert.equal(
        (row.statement as { context: { registration: string } }).context.registration,
        registrationOf(userId, TCD),
      );
    }
  });

  test('a completion rolled back with its transaction leaves no statement', async () => {
    const userId = await readyToComplete('SL-QL-012');
    // Make the last write of the completion transaction fail: everything before it must go too.
    await db.run(
      "CREATE TRIGGER refuse_certificate_statement BEFORE INSERT ON xapi_outbox WHEN NEW.fact_kind = 'certificate-issued' BEGIN SELECT RAISE(ABORT, 'thử lỗi'); END",
    );

    try {
      await assert.rejects(completeCourseIfDue(db, course, userId));
    } finally {
      await db.run('DROP TRIGGER refuse_certificate_statement');
    }

    assert.deepEqual(await statementsOf(userId), []);
    assert.deepEqual(await db.select().from(courseCompletions).where(eq(courseCompletions.userId, userId)), []);
    assert.deepEqual(await db.select().from(certificates).where(eq(certificates.userId, userId)), []);
  });

  test('the same completion recorded again queues nothing more', async () => {
    const userId = await readyToComplete('SL-QL-013');
    await completeCourseIfDue(db, course, userId);
    const before = (await db.select().from(xapiOutbox)).length;

    const again = await completeCourseIfDue(db, course, userId);

    assert.equal(again.recorded, false);
    assert.equal((await db.select().from(xapiOutbox)).length, before);
  });

  test('an account without an official record (no staff code) sends nothing', async () => {
    const userId = await readyToComplete('giangvien');
    const before = (await db.select().from(xapiOutbox)).length;

    const outcome = await completeCourseIfDue(db, course, userId);

    assert.deepEqual(outcome, { recorded: true, certificateCode: null });
    assert.equal((await db.select().from(xapiOutbox)).length, before);
  });

  test('a revocation queues "certificate revoked" with the reason', async () => {
    const userId = await readyToComplete('SL-QL-014');
    await completeCourseIfDue(db, course, userId);
    const [certificate] = await db.select().from(certificates).where(eq(certificates.userId, userId));
    const admin = await sessionUserOf('quantri.quangloi');

    const outcome = await revokeCertificate(db, admin, certificate.id, 'Cấp nhầm người, đã xác minh lại hồ sơ.');

    assert.equal(outcome, 'revoked');
    const [row] = await db
      .select()
      .from(xapiOutbox)
      .where(eq(xapiOutbox.statementId, statementIdOf(`certificate-revoked:${certificate.id}`)));
    assert.equal(row.factKind, 'certificate-revoked');
    assert.deepEqual(validateStatement(row.statement), []);
    assert.match(JSON.stringify(row.statement), /Cấp nhầm người/);
  });

  test('a graded final test queues "failed" with points and duration; a practice quiz queues nothing', async () => {
    const userId = await userIdOf(db, 'SL-QL-015');
    const id = await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 40, passed: false });
    const [attempt] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, id));

    await db.transaction(async (tx) => {
      await enqueueFinalTestStatement(tx, attempt);
      await enqueueFinalTestStatement(tx, { ...attempt, id: `${id}-luyen-tap`, final: false });
    });

    const [row] = await db
      .select()
      .from(xapiOutbox)
      .where(eq(xapiOutbox.statementId, statementIdOf(`final-test:${id}`)));
    assert.equal(row.factKind, 'test-failed');
    const statement = row.statement as {
      result: { score: { raw: number; max: number }; success: boolean; duration: string };
    };
    assert.deepEqual(
      [statement.result.score.raw, statement.result.score.max, statement.result.success, statement.result.duration],
      [40, 100, false, 'PT10M'],
    );
    assert.deepEqual(
      await db
        .select()
        .from(xapiOutbox)
        .where(eq(xapiOutbox.statementId, statementIdOf(`final-test:${id}-luyen-tap`))),
      [],
    );
  });

  test('an evaluation after training queues one statement with the mean rating and every criterion', async () => {
    const userId = await readyToComplete('SL-QL-016');
    await completeCourseIfDue(db, course, userId);
    const evaluation = {
      userId,
      courseId: TCD,
      evaluatedAt: new Date('2026-09-01T02:00:00Z'),
      taskResults: 4,
      adviceQuality: 5,
      responsibility: 4,
      coordination: 3,
      citizenSatisfaction: 4,
      comment: 'Áp dụng tốt.',
    };

    await db.transaction(async (tx) => {
      await enqueueEvaluationStatement(tx, evaluation);
      await enqueueEvaluationStatement(tx, evaluation);
    });

    const rows = await db.select().from(xapiOutbox).where(eq(xapiOutbox.factKind, 'evaluation'));
    assert.equal(rows.length, 1);
    assert.deepEqual(validateStatement(rows[0].statement), []);
    const statement = rows[0].statement as {
      result: { score: { raw: number; min: number; max: number } };
      context: { extensions: Record<string, unknown> };
    };
    assert.deepEqual(statement.result.score, { scaled: 0.75, raw: 4, min: 1, max: 5 });
    assert.deepEqual(Object.values(statement.context.extensions)[0], {
      taskResults: 4,
      adviceQuality: 5,
      responsibility: 4,
      coordination: 3,
      citizenSatisfaction: 4,
    });
  });
});

describe('the outbox for administrators', () => {
  test('a province administrator sees the rows of their province only; a commune administrator none', async () => {
    const songLam = await sessionUserOf('quantri.songlam');
    const caoNguyen = await sessionUserOf('quantri.caonguyen');
    const commune = await sessionUserOf('quantri.quangloi');
    const system = await sessionUserOf('quantri.hethong');

    const [mine, theirs, none, all] = await Promise.all([
      outboxCounts(db, songLam),
      outboxCounts(db, caoNguyen),
      recentOutboxRows(db, commune),
      outboxCounts(db, system),
    ]);

    assert.ok(mine.pending >= 4);
    assert.equal(theirs.pending, 0);
    assert.deepEqual(none, []);
    assert.equal(all.pending, mine.pending);
  });

  test('resending a failed statement puts it back due now and writes the audit entry', async () => {
    const admin = await sessionUserOf('quantri.songlam');
    const [row] = await recentOutboxRows(db, admin);
    await db
      .update(xapiOutbox)
      .set({ status: 'failed', attempts: 12, lastError: 'HTTP 500' })
      .where(eq(xapiOutbox.statementId, row.statementId));

    const outcome = await resendStatement(db, admin, row.statementId, new Date('2026-05-01T00:00:00Z'));

    assert.equal(outcome, 'resent');
    const [after] = await db.select().from(xapiOutbox).where(eq(xapiOutbox.statementId, row.statementId));
    assert.deepEqual(
      [after.status, after.attempts, after.nextAttemptAt.toISOString()],
      ['pending', 0, '2026-05-01T00:00:00.000Z'],
    );
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `xapi-statement:${row.statementId}`));
    assert.equal(entry.action, 'resend-statement');
    assert.equal(entry.userId, admin.id);
  });

  test('a statement outside the administrator’s province is not found, and a delivered one is left alone', async () => {
    const songLam = await sessionUserOf('quantri.songlam');
    const caoNguyen = await sessionUserOf('quantri.caonguyen');
    const [row] = await recentOutboxRows(db, songLam);

    const outside = await resendStatement(db, caoNguyen, row.statementId);
    await db
      .update(xapiOutbox)
      .set({ status: 'delivered', deliveredAt: new Date() })
      .where(eq(xapiOutbox.statementId, row.statementId));
    const delivered = await resendStatement(db, songLam, row.statementId);

    assert.equal(outside, 'not-found');
    assert.equal(delivered, 'already-delivered');
  });

  test('resending every failed statement counts them and leaves the others as they were', async () => {
    const admin = await sessionUserOf('quantri.songlam');
    const rows = await recentOutboxRows(db, admin, 'pending');
    await db.update(xapiOutbox).set({ status: 'failed' }).where(eq(xapiOutbox.statementId, rows[0].statementId));
    await db.update(xapiOutbox).set({ status: 'failed' }).where(eq(xapiOutbox.statementId, rows[1].statementId));

    const resent = await resendAllFailed(db, admin);

    assert.equal(resent, 2);
    assert.equal((await outboxCounts(db, admin)).failed, 0);
  });
});
