/**
 * Recording completions and issuing certificates (completeCourseIfDue) on a real libSQL file
 * database seeded with the demo organisation, for the demo course with a final test.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { certificates, courseCompletions, officials, units } from '../../db/schema/index.ts';
import { completeCourseIfDue } from '../../src/lib/server/completion/complete-course.ts';
import { CODE_PATTERN } from '../../src/lib/certificates/code.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import {
  TCD,
  TCD_FINAL,
  completeLessonsAndVideos,
  demoCompletionCourse,
  gradedFinalAttempt,
  userIdOf,
} from '../support/completion-fixtures.ts';

const course = demoCompletionCourse(TCD);
let db: Database;
let databaseUrl: string;

before(async () => {
  databaseUrl = await createTestDatabase();
  db = openTestDatabase(databaseUrl);
});
after(() => db.$client.close());

async function recorded(userId: string) {
  const completions = await db
    .select()
    .from(courseCompletions)
    .where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseId, TCD)));
  const issued = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseId, TCD)));
  return { completions, issued };
}

describe('completeCourseIfDue', () => {
  test('the demo course has required lessons, a required video and a final test', () => {
    assert.ok(course.requirements.requiredLessonIds.length >= 2);
    assert.ok(course.requirements.requiredVideoIds.length >= 1);
    assert.equal(course.requirements.finalTest?.quizId, TCD_FINAL);
  });

  test('records nothing while the final test is not passed', async () => {
    const userId = await userIdOf(db, 'SL-QL-001');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 50, passed: false });
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 0, passed: false, status: 'in_progress' });

    const outcome = await completeCourseIfDue(db, course, userId);

    assert.deepEqual(outcome, { recorded: false });
    assert.deepEqual(await recorded(userId), { completions: [], issued: [] });
  });

  test('records nothing while a required lesson is left, even with the final test passed', async () => {
    const userId = await userIdOf(db, 'SL-QL-002');
    const lessonsButOne = {
      ...course,
      requirements: { ...course.requirements, requiredLessonIds: course.requirements.requiredLessonIds.slice(1) },
    };
    await completeLessonsAndVideos(db, userId, lessonsButOne);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 90, passed: true });

    const outcome = await completeCourseIfDue(db, course, userId);

    assert.deepEqual(outcome, { recorded: false });
    assert.deepEqual(await recorded(userId), { completions: [], issued: [] });
  });

  test('20 concurrent calls record one completion and one certificate', async () => {
    const userId = await userIdOf(db, 'SL-QL-003');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 75, passed: true });

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => completeCourseIfDue(db, course, userId)));

    const { completions, issued } = await recorded(userId);
    assert.equal(outcomes.filter((outcome) => outcome.recorded).length, 1);
    assert.equal(completions.length, 1);
    assert.equal(issued.length, 1);
    const winner = outcomes.find((outcome) => outcome.recorded);
    assert.equal(winner?.recorded && winner.certificateCode, issued[0].code);
  });

  test('20 calls from four processes at once record one completion and one certificate', async () => {
    const userId = await userIdOf(db, 'SL-QL-004');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 80, passed: true });
    const support = fileURLToPath(new URL('../support/completion-fixtures.ts', import.meta.url));
    const complete = fileURLToPath(new URL('../../src/lib/server/completion/complete-course.ts', import.meta.url));
    const client = fileURLToPath(new URL('../../db/client.ts', import.meta.url));
    // Each process opens the file itself and waits for a common start time, then calls 5 times at once.
    const startAt = Date.now() + 1_500;
    const script = `
      const { openDatabase } = await import(${JSON.stringify(client)});
      const { completeCourseIfDue } = await import(${JSON.stringify(complete)});
      const { demoCompletionCourse } = await import(${JSON.stringify(support)});
      const db = openDatabase(${JSON.stringify(databaseUrl)});
      const course = demoCompletionCourse(${JSON.stringify(TCD)});
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, ${startAt} - Date.now())));
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => completeCourseIfDue(db, course, ${JSON.stringify(userId)})));
      console.log(JSON.stringify(outcomes.filter((outcome) => outcome.recorded).length));
      db.$client.close();
    `;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.on('exit', (code) =>
            code === 0 ? resolve(Number(output.trim())) : reject(new Error(`process exited with ${code}`)),
          );
        }),
    );

    const recordedPerProcess = await Promise.all(runs);

    const { completions, issued } = await recorded(userId);
    assert.equal(
      recordedPerProcess.reduce((sum, count) => sum + count, 0),
      1,
    );
    assert.equal(completions.length, 1);
    assert.equal(issued.length, 1);
  });

  test('records the passing attempt’s score, the course version and the official’s unit at that moment', async () => {
    const userId = await userIdOf(db, 'SL-QL-005');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 40, passed: false });
    const passing = await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 83.3, passed: true });

    await completeCourseIfDue(db, course, userId);

    const [completion] = (await recorded(userId)).completions;
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'SL-QL-005'));
    assert.deepEqual(
      [
        completion.scorePercent,
        completion.finalAttemptId,
        completion.courseVersion,
        completion.unitId,
        completion.officialId,
      ],
      [83.3, passing, course.version, official.unitId, official.id],
    );
  });

  test('dates the completion when its last requirement was met', async () => {
    const userId = await userIdOf(db, 'SL-QL-006');
    await completeLessonsAndVideos(db, userId, course, new Date('2026-11-20T02:00:00Z'));
    await gradedFinalAttempt(db, userId, TCD_FINAL, {
      percent: 90,
      passed: true,
      submittedAt: new Date('2026-11-21T08:30:00Z'),
    });

    await completeCourseIfDue(db, course, userId, new Date('2026-11-23T00:00:00Z'));

    const { completions, issued } = await recorded(userId);
    assert.equal(completions[0].completedAt.toISOString(), '2026-11-21T08:30:00.000Z');
    assert.equal(issued[0].completedAt.toISOString(), '2026-11-21T08:30:00.000Z');
    assert.equal(issued[0].issuedAt.toISOString(), '2026-11-23T00:00:00.000Z');
  });

  test('issues the certificate with the record as it stands: name, staff code, unit, course, kind, hours, score and issuer', async () => {
    const userId = await userIdOf(db, 'SL-QL-008');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 91.7, passed: true });

    const outcome = await completeCourseIfDue(db, course, userId);

    const [certificate] = (await recorded(userId)).issued;
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'SL-QL-008'));
    const [unit] = await db.select().from(units).where(eq(units.id, official.unitId));
    assert.ok(outcome.recorded && outcome.certificateCode === certificate.code);
    assert.match(certificate.code, CODE_PATTERN);
    assert.deepEqual(
      {
        fullName: certificate.fullName,
        staffCode: certificate.staffCode,
        unitPath: certificate.unitPath,
        courseTitle: certificate.courseTitle,
        trainingKind: certificate.trainingKind,
        hours: certificate.hours,
        hoursBasis: certificate.hoursBasis,
        sample: certificate.sample,
        scorePercent: certificate.scorePercent,
        issuer: certificate.issuer,
        revokedAt: certificate.revokedAt,
      },
      {
        fullName: official.fullName,
        staffCode: 'SL-QL-008',
        unitPath: unit.path,
        courseTitle: course.title,
        trainingKind: 'Tập huấn chuyên môn, nghiệp vụ, kỹ năng',
        // The content's hours (195 minutes: 3 hours), and the course is a sample.
        hours: 3,
        hoursBasis: 'theo nội dung khóa học',
        sample: true,
        scorePercent: 91.7,
        issuer: 'Sở Nội vụ tỉnh Sông Lam',
        revokedAt: null,
      },
    );
    assert.ok(certificate.unitName?.startsWith(unit.name), certificate.unitName ?? '');
    assert.ok(certificate.unitName?.endsWith('tỉnh Sông Lam'), certificate.unitName ?? '');
  });

  test('leaves an issued certificate as it was when the official later moves unit', async () => {
    const userId = await userIdOf(db, 'CN-EA-001');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 70, passed: true });
    await completeCourseIfDue(db, course, userId);
    const [before] = (await recorded(userId)).issued;
    const [otherUnit] = await db.select().from(units).where(eq(units.code, 'SL-PT'));

    await db.update(officials).set({ unitId: otherUnit.id }).where(eq(officials.staffCode, 'CN-EA-001'));
    const again = await completeCourseIfDue(db, course, userId);

    assert.deepEqual(again, { recorded: false });
    assert.deepEqual((await recorded(userId)).issued, [before]);
    assert.equal(before.issuer, 'Sở Nội vụ tỉnh Cao Nguyên');
  });

  test('records the completion of an account without an official record, without a certificate', async () => {
    const userId = await userIdOf(db, 'quantri.hethong');
    await completeLessonsAndVideos(db, userId, course);
    await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 100, passed: true });

    const outcome = await completeCourseIfDue(db, course, userId);

    assert.deepEqual(outcome, { recorded: true, certificateCode: null });
    const { completions, issued } = await recorded(userId);
    assert.deepEqual([completions.length, issued.length], [1, 0]);
  });
});
