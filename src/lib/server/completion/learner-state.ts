/**
 * A learner's stored progress, per course: lessons opened and completed, videos watched, final
 * tests passed, the resume point and the time of the last activity. Database reads only; the
 * rule that turns this into a status lives in src/lib/progress/completion-rule.ts.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../../../../db/client.ts';
import {
  courseActivity,
  lessonProgress,
  quizAttempts,
  resumePoints,
  videoProgress,
} from '../../../../db/schema/index.ts';
import type { LearnerCourseState } from '../../progress/completion-rule.ts';

/** Stored progress of one learner in one course. */
export interface StoredCourseProgress {
  state: LearnerCourseState;
  resume: { lessonId: string; videoId: string | null; positionSeconds: number | null } | null;
  /** When the server last stored an event of this course for the learner. */
  lastActivityAt: Date | null;
}

/** A learner's stored progress. */
export interface StoredLearnerProgress {
  /** By course id: courses with at least one event, lesson row or quiz attempt (only `courseId` when one is asked for). */
  courses: Map<string, StoredCourseProgress>;
  /** Videos watched, wherever they were watched. */
  watchedVideoIds: ReadonlySet<string>;
}

/** Reads a learner's stored progress, in every course or in one. */
export async function loadLearnerProgress(
  db: Database,
  userId: string,
  courseId?: string,
): Promise<StoredLearnerProgress> {
  // The learner's rows, of one course when one is asked for.
  const mine = (user: SQLiteColumn, course: SQLiteColumn) =>
    and(eq(user, userId), courseId === undefined ? undefined : eq(course, courseId));

  const [activity, lessons, videos, resumes, attempts] = await Promise.all([
    db
      .select({ courseId: courseActivity.courseId, last: courseActivity.lastEventAt })
      .from(courseActivity)
      .where(mine(courseActivity.userId, courseActivity.courseId)),
    db
      .select({
        courseId: lessonProgress.courseId,
        lessonId: lessonProgress.lessonId,
        completedAt: lessonProgress.completedAt,
      })
      .from(lessonProgress)
      .where(mine(lessonProgress.userId, lessonProgress.courseId)),
    // Videos are not tied to a course: one watched in any lesson counts wherever it is required.
    db
      .select({ videoId: videoProgress.videoId })
      .from(videoProgress)
      .where(and(eq(videoProgress.userId, userId), isNotNull(videoProgress.completedAt))),
    db
      .select({
        courseId: resumePoints.courseId,
        lessonId: resumePoints.lessonId,
        videoId: resumePoints.videoId,
        positionSeconds: resumePoints.positionSeconds,
      })
      .from(resumePoints)
      .where(mine(resumePoints.userId, resumePoints.courseId)),
    // Per quiz: whether a graded attempt passed as a final test, and the latest attempt's time.
    db
      .select({
        courseId: quizAttempts.courseId,
        quizId: quizAttempts.quizId,
        passedFinal: sql<number>`max(${quizAttempts.final} = 1 and ${quizAttempts.passed} = 1 and ${quizAttempts.status} <> 'in_progress')`,
        last: sql<number>`max(coalesce(${quizAttempts.submittedAt}, ${quizAttempts.startedAt}))`,
      })
      .from(quizAttempts)
      .where(mine(quizAttempts.userId, quizAttempts.courseId))
      .groupBy(quizAttempts.courseId, quizAttempts.quizId),
  ]);

  const watchedVideoIds = new Set(videos.map((row) => row.videoId));
  const byCourse = new Map<
    string,
    StoredCourseProgress & {
      state: { openedLessonIds: Set<string>; completedLessonIds: Set<string>; passedFinalTestIds: Set<string> };
    }
  >();
  const entry = (id: string) => {
    let found = byCourse.get(id);
    if (!found) {
      found = {
        state: {
          openedLessonIds: new Set(),
          completedLessonIds: new Set(),
          watchedVideoIds,
          passedFinalTestIds: new Set(),
          started: false,
        },
        resume: null,
        lastActivityAt: null,
      };
      byCourse.set(id, found);
    }
    return found;
  };
  for (const row of activity) {
    const course = entry(row.courseId);
    course.state.started = true;
    course.lastActivityAt = row.last;
  }
  for (const row of lessons) {
    const course = entry(row.courseId);
    course.state.openedLessonIds.add(row.lessonId);
    if (row.completedAt) course.state.completedLessonIds.add(row.lessonId);
  }
  for (const row of attempts) {
    const course = entry(row.courseId);
    course.state.started = true;
    if (Number(row.passedFinal) === 1) course.state.passedFinalTestIds.add(row.quizId);
    const last = new Date(Number(row.last));
    if (!course.lastActivityAt || last > course.lastActivityAt) course.lastActivityAt = last;
  }
  for (const row of resumes)
    entry(row.courseId).resume = { lessonId: row.lessonId, videoId: row.videoId, positionSeconds: row.positionSeconds };
  return { courses: byCourse, watchedVideoIds };
}
