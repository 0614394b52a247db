/**
 * Recording a course completion and issuing its certificate, given the course as plain data.
 * The rule is courseCompletionRule, the same that every progress view shows. Progress only ever
 * grows (a lesson stays completed, a passed test stays passed), so the rule is checked with plain
 * reads and only the writes share a transaction: the completion is inserted if absent, and the
 * certificate is written in the same transaction only by the call whose insert took effect. Any
 * number of concurrent calls, in one process or several, record one completion and one certificate.
 */
import { and, asc, eq, inArray, isNotNull, max, ne } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import {
  certificates,
  courseCompletions,
  lessonProgress,
  quizAttempts,
  videoProgress,
} from '../../../../db/schema/index.ts';
import { certificateHolderOf } from '../certificates/holder.ts';
import { certificateRow } from '../../certificates/issue.ts';
import { courseCompletionRule, NOTHING_DONE } from '../../progress/completion-rule.ts';
import { loadLearnerProgress } from './learner-state.ts';
import { enqueueCompletionStatements } from '../xapi/record-facts.ts';
import type { CourseRequirements } from '../../progress/requirements.ts';
import { creditOf, hoursBasisText } from '../../credited-hours.ts';
import { decisionOf, recognisedProgrammeOf } from '../programmes/programmes.ts';

/** What happened: nothing new, or the completion (and certificate) just recorded. */
export type CompletionOutcome = { recorded: false } | { recorded: true; certificateCode: string | null };

/** A published course as completion and its certificate need it. */
export interface CompletionCourse {
  courseId: string;
  /** Title, as printed on the certificate. */
  title: string;
  /** Kind of training, as its Vietnamese label. */
  trainingKind: string;
  /** Hours the content supports (src/lib/credited-hours.ts); a recognised programme may replace them. */
  hours: number;
  /** A sample course (tài liệu mẫu): its certificate is marked as a sample and never counts. */
  sample?: boolean;
  /** courseVersion() of the course as published. */
  version: string;
  requirements: Pick<CourseRequirements, 'requiredLessonIds' | 'requiredVideoIds' | 'finalTest'>;
}

const NOT_RECORDED: CompletionOutcome = { recorded: false };

/** True when the learner already has a completion of the course. */
async function alreadyCompleted(db: Database, userId: string, courseId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: courseCompletions.userId })
    .from(courseCompletions)
    .where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseId, courseId)))
    .limit(1);
  return row !== undefined;
}

/** The first graded, passed attempt at the final test: the one that completed the course. */
async function passingAttempt(db: Database, userId: string, quizId: string) {
  const [attempt] = await db
    .select({ id: quizAttempts.id, percent: quizAttempts.percent, submittedAt: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, userId),
        eq(quizAttempts.quizId, quizId),
        eq(quizAttempts.final, true),
        eq(quizAttempts.passed, true),
        ne(quizAttempts.status, 'in_progress'),
      ),
    )
    .orderBy(asc(quizAttempts.submittedAt))
    .limit(1);
  return attempt;
}

/** When the last requirement was met: the latest of the required lessons, videos and the passing attempt. */
async function completionTime(
  db: Database,
  userId: string,
  course: CompletionCourse,
  attemptAt: Date | null | undefined,
  now: Date,
): Promise<Date> {
  const { requiredLessonIds, requiredVideoIds } = course.requirements;
  const [[lessons], [videos]] = await Promise.all([
    requiredLessonIds.length === 0
      ? [{ last: null }]
      : db
          .select({ last: max(lessonProgress.completedAt) })
          .from(lessonProgress)
          .where(and(eq(lessonProgress.userId, userId), inArray(lessonProgress.lessonId, requiredLessonIds))),
    requiredVideoIds.length === 0
      ? [{ last: null }]
      : db
          .select({ last: max(videoProgress.completedAt) })
          .from(videoProgress)
          .where(
            and(
              eq(videoProgress.userId, userId),
              inArray(videoProgress.videoId, requiredVideoIds),
              isNotNull(videoProgress.completedAt),
            ),
          ),
  ]);
  const times = [lessons?.last, videos?.last, attemptAt]
    .filter((time): time is Date => time instanceof Date)
    .map((time) => time.getTime());
  return new Date(Math.min(now.getTime(), times.length ? Math.max(...times) : now.getTime()));
}

/**
 * Records the completion of `course` by `userId` if the rule holds and none is recorded yet, and
 * issues the certificate in the same transaction (not for an account without an official record:
 * then the completion alone is recorded and certificateCode is null).
 */
export async function completeCourseIfDue(
  db: Database,
  course: CompletionCourse,
  userId: string,
  now = new Date(),
): Promise<CompletionOutcome> {
  if (await alreadyCompleted(db, userId, course.courseId)) return NOT_RECORDED;

  const stored = await loadLearnerProgress(db, userId, course.courseId);
  const state = stored.courses.get(course.courseId)?.state ?? {
    ...NOTHING_DONE,
    watchedVideoIds: stored.watchedVideoIds,
  };
  if (courseCompletionRule(course.requirements, state).status !== 'completed') return NOT_RECORDED;

  const finalTest = course.requirements.finalTest;
  const attempt = finalTest ? await passingAttempt(db, userId, finalTest.quizId) : undefined;
  if (finalTest && !attempt) return NOT_RECORDED;
  const [completedAt, holder] = await Promise.all([
    completionTime(db, userId, course, attempt?.submittedAt, now),
    certificateHolderOf(db, userId),
  ]);
  const scorePercent = attempt?.percent ?? null;
  // The hours printed are those credited now: the content's, or a recognised programme's.
  const programme = await recognisedProgrammeOf(course.courseId, db);
  const credit = creditOf(course.hours, programme ? decisionOf(programme) : null);

  return db.transaction(async (tx): Promise<CompletionOutcome> => {
    const inserted = await tx
      .insert(courseCompletions)
      .values({
        userId,
        courseId: course.courseId,
        officialId: holder?.officialId ?? null,
        unitId: holder?.unitId ?? null,
        completedAt,
        scorePercent,
        finalAttemptId: attempt?.id ?? null,
        courseVersion: course.version,
      })
      .onConflictDoNothing()
      .returning({ userId: courseCompletions.userId });
    // Another call recorded it first (and issued the certificate with it).
    if (inserted.length === 0) return NOT_RECORDED;
    if (!holder) return { recorded: true, certificateCode: null };
    const certificate = certificateRow(
      userId,
      holder,
      {
        courseId: course.courseId,
        courseTitle: course.title,
        trainingKind: course.trainingKind,
        hours: credit.hours,
        hoursBasis: hoursBasisText(credit.basis),
        sample: course.sample ?? false,
        completedAt,
        scorePercent,
        courseVersion: course.version,
      },
      now,
    );
    await tx.insert(certificates).values(certificate);
    // The records system's statements commit with the completion, or not at all.
    await enqueueCompletionStatements(tx, certificate);
    return { recorded: true, certificateCode: certificate.code };
  });
}
