/**
 * Recognised programmes (src/lib/credited-hours.ts): the courses a content reviewer recorded as the
 * online part of a programme approved by a decision. Read fresh on every call (a handful of rows),
 * so a record counts in the records, reports and new certificates as soon as it is made. Each
 * record and removal is written with its audit entry in one transaction.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { recognisedProgrammes, type RecognisedProgramme } from '../../../../db/schema/index.ts';
import type { ProgrammeDecision } from '../../credited-hours.ts';
import { ProgrammeInputSchema, type ProgrammeInput } from '../../programmes/programme-input.ts';
import { isContentReviewer } from '../../auth/access.ts';
import { vietnamDate } from '../../vietnam-time.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getDb } from '../db.ts';

/** The decision part of a stored record, as the rule takes it. */
export function decisionOf(row: RecognisedProgramme): ProgrammeDecision {
  return {
    decisionNumber: row.decisionNumber,
    decisionDate: row.decisionDate,
    issuer: row.issuer,
    programmeHours: row.programmeHours,
    onlineHours: row.onlineHours,
    illustrative: row.illustrative,
  };
}

/** Every recorded programme, by course id. */
export async function recognisedProgrammesByCourse(db: Database = getDb()): Promise<Map<string, RecognisedProgramme>> {
  const rows = await db.select().from(recognisedProgrammes);
  return new Map(rows.map((row) => [row.courseId, row]));
}

/** The programme recorded for one course, if any. */
export async function recognisedProgrammeOf(
  courseId: string,
  db: Pick<Database, 'select'> = getDb(),
): Promise<RecognisedProgramme | undefined> {
  const [row] = await db.select().from(recognisedProgrammes).where(eq(recognisedProgrammes.courseId, courseId));
  return row;
}

export type ProgrammeOutcome = { ok: true } | { ok: false; status: 400 | 403 | 404; message: string };

const NOT_REVIEWER = 'Chỉ người thẩm định nội dung mới ghi nhận được chương trình bồi dưỡng.';
const NO_COURSE = 'Không tìm thấy khóa học đang xuất bản này.';

/**
 * Records (or replaces) the programme of a published course. `publishedCourseIds` are the courses
 * a completion can come from; the input is checked again here, so a caller cannot skip it.
 */
export async function recordProgramme(
  user: SessionUser,
  input: ProgrammeInput,
  publishedCourseIds: ReadonlySet<string>,
  { db = getDb(), now = new Date(), illustrative = false }: { db?: Database; now?: Date; illustrative?: boolean } = {},
): Promise<ProgrammeOutcome> {
  if (!isContentReviewer(user)) return { ok: false, status: 403, message: NOT_REVIEWER };
  const parsed = ProgrammeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0]!.message };
  const value = parsed.data;
  if (!publishedCourseIds.has(value.course)) return { ok: false, status: 404, message: NO_COURSE };
  if (value.decisionDate > vietnamDate(now))
    return { ok: false, status: 400, message: 'Ngày ban hành quyết định không được sau hôm nay.' };
  const { course, ...decision } = value;
  const changes = { ...decision, illustrative, recordedBy: user.id, recordedAt: now };
  await db.transaction(async (tx) => {
    const previous = await recognisedProgrammeOf(course, tx);
    await tx
      .insert(recognisedProgrammes)
      .values({ courseId: course, ...changes })
      .onConflictDoUpdate({ target: recognisedProgrammes.courseId, set: changes });
    await recordAudit(tx, {
      action: 'recognise-programme',
      userId: user.id,
      target: course,
      details: {
        ...decision,
        ...(previous ? { previousDecision: previous.decisionNumber, previousOnlineHours: previous.onlineHours } : {}),
      },
      at: now,
    });
  });
  return { ok: true };
}

/** Removes a course's programme record: its completions credit the content's hours again. */
export async function removeProgramme(
  user: SessionUser,
  courseId: string,
  { db = getDb(), now = new Date() }: { db?: Database; now?: Date } = {},
): Promise<ProgrammeOutcome> {
  if (!isContentReviewer(user)) return { ok: false, status: 403, message: NOT_REVIEWER };
  return db.transaction(async (tx) => {
    const previous = await recognisedProgrammeOf(courseId, tx);
    if (!previous)
      return { ok: false, status: 404, message: 'Khóa học này chưa được ghi nhận là chương trình bồi dưỡng.' } as const;
    await tx.delete(recognisedProgrammes).where(eq(recognisedProgrammes.courseId, courseId));
    await recordAudit(tx, {
      action: 'unrecognise-programme',
      userId: user.id,
      target: courseId,
      details: { decisionNumber: previous.decisionNumber, onlineHours: previous.onlineHours },
      at: now,
    });
    return { ok: true } as const;
  });
}
