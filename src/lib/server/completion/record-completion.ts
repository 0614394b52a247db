/**
 * Records a course completion (once) and issues its certificate when the course's rule holds.
 * Called after anything that may complete a course: a lesson completed, a video watched, a final
 * test passed. Never called inside a write transaction.
 */
import { eq } from 'drizzle-orm';
import { courseCompletions } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { completeCourseIfDue, type CompletionOutcome } from './complete-course.ts';
import { completionCourses } from './published-courses.ts';

/** Completes `courseId` for `userId` if due (see completeCourseIfDue); nothing for an unpublished course. */
export async function recordCompletionIfDue(userId: string, courseId: string): Promise<CompletionOutcome> {
  const course = (await completionCourses()).get(courseId);
  if (!course) return { recorded: false };
  return completeCourseIfDue(getDb(), course, userId);
}

/**
 * Records the completions of courses the rule already holds for but that have none: completed
 * before this check existed, or when a check failed. "Việc học của tôi" calls it (through
 * myLearning), so a learner never sees a completed course without its certificate.
 */
export async function recordMissingCompletions(userId: string, completedCourseIds: readonly string[]): Promise<void> {
  if (completedCourseIds.length === 0) return;
  const rows = await getDb()
    .select({ courseId: courseCompletions.courseId })
    .from(courseCompletions)
    .where(eq(courseCompletions.userId, userId));
  const recorded = new Set(rows.map((row) => row.courseId));
  for (const courseId of completedCourseIds) if (!recorded.has(courseId)) await recordCompletionIfDue(userId, courseId);
}
