/**
 * Who may write, review and see the statistics of a course. Drafts are private to the course's
 * writers (course_staff) and to reviewers; anything else answers 404 like a missing id.
 */
import { and, eq } from 'drizzle-orm';
import { courseStaff, type CourseDraft } from '../../../../db/schema/index.ts';
import { isContentReviewer, isInstructor } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';

/** Ids of the courses the user writes (course_staff). */
export async function coursesWrittenBy(userId: string): Promise<Set<string>> {
  const rows = await getDb()
    .select({ courseId: courseStaff.courseId })
    .from(courseStaff)
    .where(eq(courseStaff.userId, userId));
  return new Set(rows.map((row) => row.courseId));
}

/** True when the user is one of the course's writers. */
export async function writesCourse(user: SessionUser | undefined, courseId: string): Promise<boolean> {
  if (!user) return false;
  const [row] = await getDb()
    .select({ courseId: courseStaff.courseId })
    .from(courseStaff)
    .where(and(eq(courseStaff.courseId, courseId), eq(courseStaff.userId, user.id)))
    .limit(1);
  return Boolean(row);
}

/** May edit drafts of the course: its writers, and reviewers (who may fix a typo before publishing). */
export async function canWriteCourse(user: SessionUser | undefined, courseId: string): Promise<boolean> {
  if (!isInstructor(user)) return false;
  return isContentReviewer(user) || (await writesCourse(user, courseId));
}

/** May see the course's aggregate statistics: its writers, reviewers and system administrators. */
export async function canSeeCourseStatistics(user: SessionUser | undefined, courseId: string): Promise<boolean> {
  return isContentReviewer(user) || (isInstructor(user) && (await writesCourse(user, courseId)));
}

/** May see a draft: its author, the course's writers, reviewers. */
export async function canSeeDraft(user: SessionUser | undefined, draft: CourseDraft): Promise<boolean> {
  if (!user || !isInstructor(user)) return false;
  return draft.createdBy === user.id || (await canWriteCourse(user, draft.courseId));
}
