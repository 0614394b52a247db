/**
 * The indicators' stored facts stay true through every write path (issue 17, "fast by
 * construction"): a completion, a certificate revocation, an assignment made and cancelled, a
 * class's attendance, an officials import, a merger of communes and a flag change, each through
 * the server's own function on the demo database. After each, no official is left marked dirty
 * and the stored rows (official_facts) equal a fresh officialFacts() recompute of every official
 * in every stored period, and the province's dashboard (aggregate.ts over the stored facts and
 * figures) equals compute.ts; each write is also checked to have changed the stored rows where it
 * must. The control bypasses the hook (the class attendances' trigger dropped, then a completed
 * general-management class recorded): the comparison then fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { certificates, officials, units } from '../../db/schema/index.ts';
import { computeUnitIndicators, officialFacts, type UnitIndicators } from '../../src/lib/indicators/compute.ts';
import { aggregateUnitIndicators } from '../../src/lib/server/indicators/aggregate.ts';
import { factBits } from '../../src/lib/indicators/fact-bits.ts';
import { parsePeriod, storedPeriods } from '../../src/lib/indicators/period.ts';
import { loadIndicatorInput, loadIndicatorInputForOfficials } from '../../src/lib/server/indicators/load.ts';
import { ensureFactsCurrent, installFactsHook } from '../../src/lib/server/indicators/facts-store.ts';
import { setWriteHook } from '../../db/serialized-writes.ts';
import { completeCourseIfDue } from '../../src/lib/server/completion/complete-course.ts';
import { revokeCertificate } from '../../src/lib/server/certificates/revoke.ts';
import { assignTraining, cancelAssignment } from '../../src/lib/server/assignments/assign.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { sessionUserOf, staffCodesUnder, unitOf } from '../support/api-token-fixtures.ts';
import {
  TCD,
  completeLessonsAndVideos,
  demoCompletionCourse,
  gradedFinalAttempt,
  userIdOf,
} from '../support/completion-fixtures.ts';
import { demoCourses } from '../support/demo-content.ts';
import { csvFile, officialRow } from '../support/officials-csv.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';

/** The demo's course kinds, and a specialised course (the demo has none) for indicator 1. */
const SPECIALISED = 'chuyen-mon-thu-nghiem';
const KINDS = new Map([
  ...demoCourses().map((course) => [course.id, course.kind] as const),
  [SPECIALISED, 'chuyen-mon-chuyen-nganh'],
]);
const COURSES = { kinds: KINDS, fields: new Map<string, string[]>(), samples: new Set<string>() };

let db: Database;

before(async () => {
  // getDb() (the server functions' handle) opens DATABASE_URL on first use.
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  installFactsHook();
  await ensureFactsCurrent(db.$client, COURSES);
});
after(() => {
  setWriteHook(undefined);
  db?.$client.close();
});

/** Every stored row, as "official|period|unit|bits", sorted. */
async function storedRows(): Promise<string[]> {
  const result = await db.$client.execute('SELECT official_id, period, unit_id, bits FROM official_facts');
  return result.rows.map((row) => `${row.official_id}|${row.period}|${row.unit_id}|${row.bits}`).sort();
}

/** The rows a fresh recompute of every official gives. */
async function recomputedRows(): Promise<string[]> {
  const ids = (await db.select({ id: officials.id }).from(officials)).map((row) => row.id);
  const input = await loadIndicatorInputForOfficials(db.$client, ids, COURSES);
  const rows: string[] = [];
  for (const period of storedPeriods())
    for (const facts of officialFacts(input, period))
      rows.push(`${facts.officialId}|${period.key}|${facts.unitId}|${factBits(facts)}`);
  return rows.sort();
}

async function dirtyCount(): Promise<number> {
  return Number((await db.$client.execute('SELECT count(*) AS n FROM official_facts_dirty')).rows[0]!.n);
}

const NOW = Date.now();

/** What the dashboard shows of the province (stored path) equals the reference (compute.ts). */
async function assertDashboardTrue(what: string): Promise<void> {
  const quangLoi = await unitOf(db, 'SL-QL');
  const provincePath = `/${quangLoi.path.split('/')[1]}/`;
  const input = await loadIndicatorInput(db.$client, provincePath, KINDS);
  const unit = input.units.find((row) => row.path === provincePath)!;
  for (const key of ['2026', '2026-2028']) {
    const period = parsePeriod(key)!;
    const want = computeUnitIndicators(input, officialFacts(input, period), unit, period, NOW);
    const { indicators: got } = await aggregateUnitIndicators(db.$client, unit, period, COURSES, NOW);
    const plain = (figures: UnitIndicators) => ({
      officials: figures.officials,
      shares: Object.values(figures.shares).map((share) => [share.key, share.numerator, share.denominator]),
      courses: figures.courses.map((course) => ({ ...course, averageScore: course.averageScore?.toFixed(6) })),
      months: figures.completionsByMonth,
      completions: figures.completionsInPeriod,
      average: figures.averageScore?.toFixed(6),
      due: figures.evaluationsDue,
      done: figures.evaluationsDone,
    });
    assert.deepEqual(plain(got), plain(want), `${what}: the province's dashboard for ${key} equals compute.ts`);
  }
}

/** No marks left, and the store equals the recompute. */
async function assertStoreTrue(what: string): Promise<string[]> {
  assert.equal(await dirtyCount(), 0, `${what}: no official left marked`);
  const stored = await storedRows();
  assert.deepEqual(stored, await recomputedRows(), `${what}: stored facts equal a fresh recompute`);
  await assertDashboardTrue(what);
  return stored;
}

/** Runs a write and checks the store after it; `changes` says the stored rows must differ. */
async function afterWrite(what: string, write: () => Promise<unknown>, changes = true): Promise<void> {
  const before = await storedRows();
  await write();
  const after = await assertStoreTrue(what);
  if (changes) assert.notDeepEqual(after, before, `${what}: the write changed the stored facts`);
}

const systemAdmin = () => sessionUserOf(db, 'quantri.hethong');

describe('stored indicator facts through every write path', () => {
  test('the first build (as a first start after the migration) equals the recompute', async () => {
    const stored = await assertStoreTrue('first build');
    assert.ok(stored.length > 0, 'the demo has counted officials');
  });

  let certificateId = '';
  test('a completion through the completion code', async () => {
    const [code] = await staffCodesUnder(db, 'SL-QL');
    const userId = await userIdOf(db, code!);
    const course = demoCompletionCourse(TCD);
    await db.$client.execute({
      sql: 'DELETE FROM course_completions WHERE user_id = ? AND course_id = ?',
      args: [userId, TCD],
    });
    await db.$client.execute({
      sql: 'DELETE FROM certificates WHERE user_id = ? AND course_id = ?',
      args: [userId, TCD],
    });
    await assertStoreTrue('clearing a completion by hand');
    await afterWrite('completion', async () => {
      await completeLessonsAndVideos(db, userId, course);
      if (course.requirements.finalTest)
        await gradedFinalAttempt(db, userId, course.requirements.finalTest.quizId, { percent: 90, passed: true });
      const outcome = await completeCourseIfDue(db, course, userId);
      assert.equal(outcome.recorded, true, 'the completion is recorded');
    });
    const [certificate] = await db.select().from(certificates).where(eq(certificates.userId, userId));
    certificateId = certificate!.id;
  });

  test('a certificate revoked', async () => {
    await afterWrite('revocation', async () => {
      const outcome = await revokeCertificate(db, await systemAdmin(), certificateId, 'Cấp nhầm (kiểm thử)');
      assert.notEqual(outcome, 'not-found');
    });
  });

  test('a flag set, then a specialised assignment made and cancelled', async () => {
    const [, code] = await staffCodesUnder(db, 'SL-QL');
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, code!));
    const { updateOfficial } = await import('../../src/lib/server/org/official-changes.ts');
    const admin = await systemAdmin();
    await afterWrite('flag change', () =>
      updateOfficial(admin, official!.id, { underqualified: true, underqualifiedSince: '2026-02-01' }),
    );
    let assignmentId = '';
    await afterWrite('assignment', async () => {
      const outcome = await assignTraining(db, await systemAdmin(), {
        courseId: SPECIALISED,
        deadline: '2027-12-31',
        reason: 'Chưa đáp ứng yêu cầu chuyên môn',
        targets: { kind: 'officials', officialIds: [official!.id] },
      });
      assert.equal(outcome.ok, true);
      const [row] = (
        await db.$client.execute({
          sql: 'SELECT id FROM assignments WHERE official_id = ? AND course_id = ?',
          args: [official!.id, SPECIALISED],
        })
      ).rows;
      assignmentId = String(row!.id);
    });
    // Cancelled today: still "sent" for the periods that end before today, not after.
    await afterWrite('assignment cancelled', async () => {
      assert.equal(await cancelAssignment(db, await systemAdmin(), assignmentId), true);
    });
  });

  test("a class's attendance recorded", async () => {
    const { createClass, recordAttendances, findClassInScope } =
      await import('../../src/lib/server/classes/class-store.ts');
    const admin = await systemAdmin();
    const unit = await unitOf(db, 'SL-QL');
    const codes = (await staffCodesUnder(db, 'SL-QL')).slice(2, 6);
    const people = await db.select().from(officials);
    const classId = await createClass(admin, {
      unitId: unit.id,
      kind: 'kien-thuc-chung-qlnn',
      content: 'Lớp kiến thức chung (kiểm thử dữ kiện)',
      method: 'truc-tiep',
      startsOn: '2026-04-06',
      endsOn: '2026-04-08',
      hours: 16,
      place: 'Hội trường UBND',
      organiser: 'Sở Nội vụ',
      funding: 'ns-tinh',
    } as Parameters<typeof createClass>[1]);
    const found = await findClassInScope(admin, classId);
    await afterWrite('class attendance', () =>
      recordAttendances(
        admin,
        found!.trainingClass,
        codes.map((code) => ({
          officialId: people.find((row) => row.staffCode === code)!.id,
          result: 'hoan-thanh' as const,
          score: 8,
          certificateNumber: null,
        })),
        'record-class',
      ),
    );
  });

  test('an officials import', async () => {
    const { createPreview } = await import('../../src/lib/server/officials-import/preview.ts');
    const { commitImport } = await import('../../src/lib/server/officials-import/commit.ts');
    const admin = await systemAdmin();
    const file = csvFile([
      officialRow('SL-QL-901', { fullName: 'Lê Văn Mới' }),
      officialRow('SL-QL-902', { fullName: 'Phạm Thị Mới', underqualified: 'Có', underqualifiedSince: '01/03/2026' }),
    ]);
    await afterWrite('officials import', async () => {
      const importId = await createPreview(admin, 'can-bo.csv', file);
      const result = await commitImport(admin, importId);
      assert.equal(result.alreadyCommitted, false);
    });
  });

  test('a merger of two communes', async () => {
    const { mergeUnits } = await import('../../src/lib/server/org/units-admin/restructure.ts');
    const quangLoi = await unitOf(db, 'SL-QL');
    const phuThinh = await unitOf(db, 'SL-PT');
    const admin = await systemAdmin();
    await afterWrite('unit merge', () =>
      mergeUnits(
        admin,
        {
          unitIds: [phuThinh.id, quangLoi.id],
          survivor: { unitId: quangLoi.id },
          effectiveOn: todayInVietnam(),
          reason: 'Sắp xếp đơn vị (kiểm thử)',
        },
        new Date(),
      ),
    );
    const [moved] = await db.select().from(units).where(eq(units.id, phuThinh.id));
    assert.ok(moved, 'the merged-away unit is kept (retired)');
  });

  test('control: a write that bypasses the hook is caught by the comparison', async () => {
    await assertStoreTrue('before the control');
    await db.$client.execute('DROP TRIGGER class_attendances_insert_facts');
    const [code] = (await staffCodesUnder(db, 'SL-QL')).slice(-1);
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, code!));
    await db.$client.execute({
      sql: `INSERT INTO training_classes (id, unit_id, kind, content, method, starts_on, ends_on, hours, place, organiser, funding)
        VALUES ('lop-bo-qua', ?, 'kien-thuc-chung-qlnn', 'Lớp ghi thẳng', 'truc-tiep', '2026-05-04', '2026-05-06', 8, 'x', 'x', 'ns-tinh')`,
      args: [official!.unitId],
    });
    await db.$client.execute({
      sql: "INSERT INTO class_attendances (class_id, official_id, result) VALUES ('lop-bo-qua', ?, 'hoan-thanh')",
      args: [official!.id],
    });
    assert.equal(await dirtyCount(), 0, 'nothing marked the official');
    assert.notDeepEqual(
      await storedRows(),
      await recomputedRows(),
      'the stored facts are now stale, and the check sees it',
    );
  });
});
