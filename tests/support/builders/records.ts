/**
 * Builders of the scoped training records of a seeded database: assignments, recorded classes,
 * yearly plans, online completions with certificates, evaluations, feedback, xAPI statements and
 * API tokens, written through the same server functions an administrator's forms use, so every
 * audit entry, xAPI statement and indicator version follows as in production. Server modules
 * are imported when called, after a test sets DATABASE_URL.
 */
import { desc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../../../db/client.ts';
import { assignments, certificates, xapiOutbox, type Assignment, type Unit } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../src/lib/server/auth/sessions.ts';
import { pathInSubtree } from '../../../src/lib/server/org/scope.ts';
import { addClass, addCompletion, tokenFor, unitOf } from '../api-token-fixtures.ts';
import { TCD } from '../completion-fixtures.ts';
import type { OfficialWithAccount } from './org.ts';

/** Ratings of an effectiveness evaluation that pass every check. */
export const SAMPLE_RATINGS = {
  taskResults: 4,
  adviceQuality: 4,
  responsibility: 5,
  coordination: 3,
  citizenSatisfaction: 4,
} as const;

/** A second demo course, for an assignment that stays open (overdue, cancellable). */
export const OTHER_COURSE = 'ky-nang-so-dich-vu-cong';

/** Assigns `courseId` to one official as `admin` (by default on 1 May 2026, due 1 June 2026); returns the assignment. */
export async function assignOfficial(
  db: Database,
  admin: SessionUser,
  officialId: string,
  courseId: string,
  {
    reason,
    deadline = '2026-06-01',
    at = new Date('2026-05-01T03:00:00Z'),
  }: { reason: string; deadline?: string; at?: Date },
): Promise<Assignment> {
  const { assignTraining } = await import('../../../src/lib/server/assignments/assign.ts');
  await assignTraining(
    db,
    admin,
    { courseId, deadline, reason, targets: { kind: 'officials', officialIds: [officialId] } },
    at,
  );
  const [assignment] = await db
    .select()
    .from(assignments)
    .where(eq(assignments.officialId, officialId))
    .orderBy(desc(assignments.assignedAt))
    .limit(1);
  if (!assignment) throw new Error(`Không giao được ${courseId} cho ${officialId}`);
  return assignment;
}

/** A yearly plan of `unit` for `year` with one line `content`, saved as `admin`; returns its id. */
export async function addYearPlan(
  admin: SessionUser,
  unit: Unit,
  year: number,
  title: string,
  content: string,
): Promise<string> {
  const { savePlan } = await import('../../../src/lib/server/plans/plan-store.ts');
  const line = {
    content,
    audience: 'Công chức',
    classCount: 1,
    peopleCount: 20,
    duration: '2 ngày',
    place: 'Hội trường',
    fundProvince: 10,
    fundCentral: 0,
    fundScheme: 0,
    fundOther: 0,
    organiser: 'UBND',
    note: '',
  };
  const planId = await savePlan(admin, unit, undefined, { span: 'nam', period: String(year), title }, [line]);
  if (!planId) throw new Error(`${unit.code} đã có kế hoạch năm ${year}`);
  return planId;
}

/**
 * An attendance list as an administrator uploads it for a class (XLSX): one row per attendee of
 * staff code, name, result ("Hoàn thành", …), score and certificate number.
 */
export async function attendanceListXlsx(rows: readonly string[][]): Promise<Blob> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(['Mã cán bộ', 'Họ và tên', 'Kết quả', 'Điểm', 'Số chứng chỉ']);
  for (const row of rows) sheet.addRow(row);
  return new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

/** Gives the certificates written by addCompletion their unit's path, as issuing a certificate does. */
export async function fillCertificateUnitPaths(db: Database): Promise<void> {
  await db.run(
    sql`update certificates set unit_path = (select path from units where units.id = certificates.unit_id) where unit_path is null`,
  );
}

/** Marks the xAPI statements of a unit's subtree failed (HTTP 500); returns the id of one of them. */
export async function failStatementsUnder(db: Database, unit: { code: string; path: string }): Promise<string> {
  const inside = pathInSubtree(unit.path, xapiOutbox.unitPath);
  const [statement] = await db.select().from(xapiOutbox).where(inside).limit(1);
  if (!statement) throw new Error(`Không có bản ghi xAPI nào của ${unit.code}`);
  await db.update(xapiOutbox).set({ status: 'failed', lastError: 'HTTP 500' }).where(inside);
  return statement.statementId;
}

/** One of every scoped record of a commune (see buildCommuneRecords), by id. */
export interface CommuneRecords {
  code: string;
  unitId: string;
  /** The two officials the records are about, in the order given. */
  officialIds: string[];
  staffCodes: string[];
  userIds: string[];
  /** The first official's assignment of the completed course. */
  assignmentId: string;
  /** The second official's assignment of OTHER_COURSE: still open, overdue after 1 June 2026. */
  otherAssignmentId: string;
  classId: string;
  planId: string;
  /** The second official's certificate. */
  certificateId: string;
  /** A failed xAPI statement of the commune. */
  statementId: string;
  tokenId: string;
  token: string;
}

/**
 * One record of every kind an administrator's scope bounds, in the commune `code`, about two of
 * its officials; every text written carries "mốc <code>" ("Lớp mốc SL-QL"), so an answer that
 * names it tells which commune leaked. Both completed the course TCD on 2 March 2026 (scores 90
 * and 80, valid certificates) and attended a class ending 4 March 2026; the first was assigned
 * TCD and has an evaluation and feedback; the second was assigned OTHER_COURSE; the commune has
 * a 2027 plan, a failed xAPI statement and an API token made by `tokenCreator`.
 */
export async function buildCommuneRecords(
  db: Database,
  code: string,
  {
    admin,
    tokenCreator,
    people,
  }: { admin: SessionUser; tokenCreator: string; people: readonly [OfficialWithAccount, OfficialWithAccount] },
): Promise<CommuneRecords> {
  const { recordAudit } = await import('../../../src/lib/server/audit/record-audit.ts');
  const { recordEvaluation } = await import('../../../src/lib/server/evaluations/evaluations.ts');
  const { submitFeedback } = await import('../../../src/lib/server/evaluations/feedback.ts');
  const unit = await unitOf(db, code);
  const [first, second] = people;

  const assignment = await assignOfficial(db, admin, first.officialId, TCD, { reason: `Lý do mốc ${code}` });
  const other = await assignOfficial(db, admin, second.officialId, OTHER_COURSE, { reason: `Lý do khác mốc ${code}` });

  const classId = await addClass(db, code, [first.staffCode, second.staffCode], {
    content: `Lớp mốc ${code}`,
    endsOn: '2026-03-04',
  });
  await recordAudit(db, {
    action: 'record-class',
    userId: admin.id,
    unitId: unit.id,
    target: `class:${classId}`,
    details: { content: `Lớp mốc ${code}` },
  });
  const planId = await addYearPlan(admin, unit, 2027, `Kế hoạch mốc ${code}`, `Nội dung kế hoạch mốc ${code}`);

  const completedAt = new Date('2026-03-02T03:00:00Z');
  await addCompletion(db, first.staffCode, TCD, completedAt, { scorePercent: 90, certificate: 'valid' });
  await addCompletion(db, second.staffCode, TCD, completedAt, { scorePercent: 80, certificate: 'valid' });
  await fillCertificateUnitPaths(db);
  const [certificate] = await db.select().from(certificates).where(eq(certificates.staffCode, second.staffCode));
  if (
    (await recordEvaluation(admin, first.userId, TCD, { ...SAMPLE_RATINGS, comment: `Nhận xét mốc ${code}` })) !==
    'saved'
  )
    throw new Error(`Không đánh giá được ${first.staffCode}`);
  if (
    (await submitFeedback(first.userId, TCD, {
      satisfaction: 5,
      usefulness: 4,
      selfAssessed: 4,
      comment: `Ý kiến mốc ${code}`,
    })) !== 'saved'
  )
    throw new Error(`Không gửi được ý kiến của ${first.staffCode}`);
  const statementId = await failStatementsUnder(db, unit);
  const issued = await tokenFor(db, tokenCreator, code, `Mã mốc ${code}`);

  return {
    code,
    unitId: unit.id,
    officialIds: people.map((person) => person.officialId),
    staffCodes: people.map((person) => person.staffCode),
    userIds: people.map((person) => person.userId),
    assignmentId: assignment.id,
    otherAssignmentId: other.id,
    classId,
    planId,
    certificateId: certificate!.id,
    statementId,
    tokenId: issued.id,
    token: issued.token,
  };
}
