/**
 * Each official's training record (hồ sơ bồi dưỡng): every training online and in person, in one
 * shape. `mergeTrainingRecords` is the pure rule; `trainingRecordsOf` reads the rows it needs
 * (course completions, certificates, class attendances) for a set of officials, so the records
 * pages and the indicators reuse the very same definition. The records API and screen
 * (api-tokens/training-records.ts) page the same union in SQL and share its types and options.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { certificates, classAttendances, courseCompletions, trainingClasses } from '../../../../db/schema/index.ts';
import type { AttendanceResult } from '../../classes/vocabulary.ts';
import { vietnamDate } from '../../vietnam-time.ts';
import { CONTENT_HOURS_BASIS } from '../../credited-hours.ts';
import { getDb } from '../db.ts';

/** Where a record comes from: a course studied on the platform or a class recorded by an administrator. */
export type RecordSource = 'online' | 'class';
/**
 * What a record does with a revoked certificate: 'omit' leaves it out (the completion shows no
 * certificate: the official record and the indicators), 'mark' shows it flagged as revoked (the
 * records API and screen, so the receiving system learns of the revocation).
 */
export type RevokedCertificates = 'omit' | 'mark';
/** The result of a training: online completions are always "hoan-thanh". */
export type RecordResult = AttendanceResult;

/** One training in an official's record. */
export interface TrainingRecord {
  officialId: string;
  /** Kind of training, a slug of TRAINING_KINDS (or the stored label when the course is gone). */
  kind: string;
  /** Course title or class content. */
  content: string;
  /** YYYY-MM-DD; for online courses, the completion date (the platform keeps no enrolment date). */
  startedOn: string;
  endedOn: string;
  hours: number;
  /** Where the hours come from (credited-hours.ts's hoursBasisText; for a class, CLASS_HOURS_BASIS). */
  hoursBasis: string;
  result: RecordResult;
  /** Online: percent of the final test (of 100); class: the score given (of 10); null when none. */
  score: number | null;
  scoreMax: 100 | 10;
  /** Online: the valid certificate's code; class: the certificate number; null when none. */
  certificateCode: string | null;
  /** True when that certificate was revoked (only ever with revokedCertificates: 'mark'). */
  certificateRevoked: boolean;
  source: RecordSource;
  /** Course id (online) or class id. */
  sourceId: string;
}

/** What a record needs to know about a published course. */
export interface CourseFacts {
  title: string;
  kind: string;
  /** Credited hours (src/lib/credited-hours.ts). */
  hours: number;
  /** Where they come from; absent: the content. */
  hoursBasis?: string | null;
  /** A sample course (tài liệu mẫu): its completions are not training and never counted. */
  sample?: boolean;
}

/** Where a class's hours come from: the class as an administrator recorded it. */
export const CLASS_HOURS_BASIS = 'theo lớp bồi dưỡng đã ghi nhận';
/** A course no longer published, whose certificate predates the stated basis: its hours as issued. */
export const ISSUED_HOURS_BASIS = 'theo giấy chứng nhận đã cấp';

export interface CompletionRow {
  officialId: string;
  courseId: string;
  completedAt: Date;
  scorePercent: number | null;
}
export interface CertificateRow {
  officialId: string;
  courseId: string;
  code: string;
  courseTitle: string;
  trainingKind: string;
  hours: number;
  /** As printed on the certificate; null for one issued before hours had a stated basis. */
  hoursBasis?: string | null;
  /** Issued for a sample course. */
  sample?: boolean;
  /** Set when revoked; rows are only revoked when the caller asked for 'mark'. */
  revokedAt?: Date | null;
}
export interface AttendanceRow {
  officialId: string;
  classId: string;
  kind: string;
  content: string;
  startsOn: string;
  endsOn: string;
  hours: number;
  result: RecordResult;
  score: number | null;
  certificateNumber: string | null;
}

/**
 * The records of completions and attendances, newest first. A completion takes its certificate's
 * code, a valid one before a revoked one; which certificates are passed in (valid only, or
 * revoked too) is the caller's RevokedCertificates choice.
 */
export function mergeTrainingRecords(
  completions: readonly CompletionRow[],
  certificateRows: readonly CertificateRow[],
  attendances: readonly AttendanceRow[],
  courses: ReadonlyMap<string, CourseFacts>,
): TrainingRecord[] {
  const certificateOf = new Map<string, CertificateRow>();
  for (const row of certificateRows) {
    const key = `${row.officialId}\n${row.courseId}`;
    if (!certificateOf.get(key) || !row.revokedAt) certificateOf.set(key, row);
  }
  // Only real training counts: a sample course's completion is no record (nor its certificate).
  const isSample = (completion: CompletionRow) =>
    courses.get(completion.courseId)?.sample === true ||
    certificateOf.get(`${completion.officialId}\n${completion.courseId}`)?.sample === true;
  const online = completions
    .filter((completion) => !isSample(completion))
    .map((completion): TrainingRecord => {
      const certificate = certificateOf.get(`${completion.officialId}\n${completion.courseId}`);
      const course = courses.get(completion.courseId);
      const day = vietnamDate(completion.completedAt);
      return {
        officialId: completion.officialId,
        kind: course?.kind ?? certificate?.trainingKind ?? '',
        content: course?.title ?? certificate?.courseTitle ?? completion.courseId,
        startedOn: day,
        endedOn: day,
        hours: course?.hours ?? certificate?.hours ?? 0,
        hoursBasis: course
          ? (course.hoursBasis ?? CONTENT_HOURS_BASIS)
          : (certificate?.hoursBasis ?? ISSUED_HOURS_BASIS),
        result: 'hoan-thanh',
        score: completion.scorePercent,
        scoreMax: 100,
        certificateCode: certificate?.code ?? null,
        certificateRevoked: Boolean(certificate?.revokedAt),
        source: 'online',
        sourceId: completion.courseId,
      };
    });
  const inPerson = attendances.map((row): TrainingRecord => ({
    officialId: row.officialId,
    kind: row.kind,
    content: row.content,
    startedOn: row.startsOn,
    endedOn: row.endsOn,
    hours: row.hours,
    hoursBasis: CLASS_HOURS_BASIS,
    result: row.result,
    score: row.score,
    scoreMax: 10,
    certificateCode: row.certificateNumber,
    certificateRevoked: false,
    source: 'class',
    sourceId: row.classId,
  }));
  return [...online, ...inPerson].sort(
    (a, b) =>
      b.endedOn.localeCompare(a.endedOn) ||
      a.officialId.localeCompare(b.officialId) ||
      a.content.localeCompare(b.content, 'vi'),
  );
}

const CHUNK = 500;

/** Every training of these officials (online and in person), newest first; revoked certificates omitted unless asked. */
export async function trainingRecordsOf(
  officialIds: readonly string[],
  options: {
    db?: Database;
    courses?: ReadonlyMap<string, CourseFacts>;
    revokedCertificates?: RevokedCertificates;
  } = {},
): Promise<TrainingRecord[]> {
  const db = options.db ?? getDb();
  const revoked = options.revokedCertificates ?? 'omit';
  const completions: CompletionRow[] = [];
  const certificateRows: CertificateRow[] = [];
  const attendances: AttendanceRow[] = [];
  // SQLite limits bound parameters; large units are read in chunks.
  for (let start = 0; start < officialIds.length; start += CHUNK) {
    const ids = officialIds.slice(start, start + CHUNK) as string[];
    const [completionRows, certificateRowsRead, attendanceRows] = await Promise.all([
      db
        .select({
          officialId: courseCompletions.officialId,
          courseId: courseCompletions.courseId,
          completedAt: courseCompletions.completedAt,
          scorePercent: courseCompletions.scorePercent,
        })
        .from(courseCompletions)
        .where(inArray(courseCompletions.officialId, ids)),
      db
        .select({
          officialId: certificates.officialId,
          courseId: certificates.courseId,
          code: certificates.code,
          courseTitle: certificates.courseTitle,
          trainingKind: certificates.trainingKind,
          hours: certificates.hours,
          hoursBasis: certificates.hoursBasis,
          sample: certificates.sample,
          revokedAt: certificates.revokedAt,
        })
        .from(certificates)
        .where(
          revoked === 'omit'
            ? and(inArray(certificates.officialId, ids), isNull(certificates.revokedAt))
            : inArray(certificates.officialId, ids),
        ),
      db
        .select({
          officialId: classAttendances.officialId,
          classId: classAttendances.classId,
          kind: trainingClasses.kind,
          content: trainingClasses.content,
          startsOn: trainingClasses.startsOn,
          endsOn: trainingClasses.endsOn,
          hours: trainingClasses.hours,
          result: classAttendances.result,
          score: classAttendances.score,
          certificateNumber: classAttendances.certificateNumber,
        })
        .from(classAttendances)
        .innerJoin(trainingClasses, eq(trainingClasses.id, classAttendances.classId))
        .where(inArray(classAttendances.officialId, ids)),
    ]);
    completions.push(...completionRows.map((row) => ({ ...row, officialId: row.officialId! })));
    certificateRows.push(...certificateRowsRead.map((row) => ({ ...row, officialId: row.officialId! })));
    attendances.push(...attendanceRows);
  }
  return mergeTrainingRecords(completions, certificateRows, attendances, options.courses ?? new Map());
}
