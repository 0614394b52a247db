/**
 * Who may write, review and see the statistics of a course. Drafts are private to the course's
 * writers (course_staff) and to reviewers; anything else answers 404 like a missing id. An
 * instructor whose grants are limited to some courses or fields writes only those courses; a
 * province's content reviewer reviews only drafts written by instructors of that province.
 */
import { and, eq } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { courseStaff, roleGrants, units, type CourseDraft } from '../../../../db/schema/index.ts';
import { isContentReviewer, isInstructor, reviewProvincePaths } from '../../auth/access.ts';
import { instructorReaches, unlimitedInstructor } from '../../auth/instructor-limits.ts';
import { isWithin } from '../../org/unit-tree.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { siteRoot } from './draft-files.ts';

/**
 * True when the user's instructor grants reach the course (instructor-limits.ts). National
 * reviewers and system administrators are not limited. `fields` are the course's fields when
 * known (a new course's); otherwise the published course's.
 */
export async function withinInstructorLimits(
  user: SessionUser,
  courseId: string,
  fields?: readonly string[],
): Promise<boolean> {
  if (isContentReviewer(user)) return true;
  const grants = await getDb()
    .select({ courseSlugs: roleGrants.courseSlugs, fields: roleGrants.fields })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, 'instructor')));
  if (unlimitedInstructor(grants)) return true;
  const courseFields = fields ?? liveCourseFields(courseId);
  return instructorReaches(grants, { slug: courseId, fields: courseFields });
}

/** The fields of the live course (content/courses/<id>/course.yaml), undefined when it has none yet. */
function liveCourseFields(courseId: string): string[] | undefined {
  const path = join(siteRoot(), 'content', 'courses', courseId, 'course.yaml');
  if (!existsSync(path)) return undefined;
  const course = yaml.load(readFileSync(path, 'utf8')) as { fields?: unknown } | null;
  return Array.isArray(course?.fields)
    ? course.fields.filter((field): field is string => typeof field === 'string')
    : undefined;
}

/**
 * True when a province's content reviewer may review this draft: its author holds an instructor
 * grant on a unit of one of the reviewer's provinces.
 */
export async function reviewsInProvince(user: SessionUser | undefined, draft: Pick<CourseDraft, 'createdBy'>) {
  const provinces = reviewProvincePaths(user);
  if (provinces.length === 0 || !draft.createdBy) return false;
  const rows = await getDb()
    .select({ path: units.path })
    .from(roleGrants)
    .innerJoin(units, eq(units.id, roleGrants.unitId))
    .where(and(eq(roleGrants.userId, draft.createdBy), eq(roleGrants.role, 'instructor')));
  return rows.some((row) => provinces.some((province) => isWithin(row.path, province)));
}

/** May send the draft back or publish it: a national reviewer, or the reviewer of the author's province. */
export async function mayReviewDraft(user: SessionUser | undefined, draft: CourseDraft): Promise<boolean> {
  return isContentReviewer(user) || (await reviewsInProvince(user, draft));
}

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
  if (!user || !isInstructor(user)) return false;
  if (isContentReviewer(user)) return true;
  return (await writesCourse(user, courseId)) && (await withinInstructorLimits(user, courseId));
}

/** May see the course's aggregate statistics: its writers, reviewers and system administrators. */
export async function canSeeCourseStatistics(user: SessionUser | undefined, courseId: string): Promise<boolean> {
  return isContentReviewer(user) || (isInstructor(user) && (await writesCourse(user, courseId)));
}

/** May see a draft: its author, the course's writers, reviewers. */
export async function canSeeDraft(user: SessionUser | undefined, draft: CourseDraft): Promise<boolean> {
  if (!user || !isInstructor(user)) return false;
  return (
    draft.createdBy === user.id ||
    (await canWriteCourse(user, draft.courseId)) ||
    (await reviewsInProvince(user, draft))
  );
}
