/**
 * The first lines of the statistics and class pages: signed out → the sign-in page (coming back
 * after); a course the user may not see the statistics of, or a non-instructor → 404.
 */
import { getEntry, type CollectionEntry } from 'astro:content';
import { isContentReviewer } from '../../auth/access.ts';
import { canSeeCourseStatistics, coursesWrittenBy } from '../authoring/access.ts';
import { instructorOrResponse, signInResponse } from '../authoring/instructor-guard.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';

/** An instructor (or reviewer), or the response to send instead. */
export const requireInstructor = instructorOrResponse;

/** A user who may see this course's statistics, or the response to send instead. */
export async function requireCourseStatistics(
  user: SessionUser | undefined,
  url: URL,
  courseId: string,
): Promise<{ user: SessionUser } | { response: Response }> {
  if (!user) return { response: signInResponse(url) };
  if (!(await canSeeCourseStatistics(user, courseId))) return { response: notFoundResponse() };
  return { user };
}

/** What a page of one course's statistics needs of `Astro`. */
interface CourseStatisticsPage {
  params: Record<string, string | undefined>;
  locals: App.Locals;
  url: URL;
  response: { headers: Headers };
}

/**
 * The first lines of a page of one course's statistics (/giang-vien/thong-ke/[course]/…): the
 * course in the URL if the user may see its statistics and it exists, or the response to send
 * instead. The page is private: it is never stored by a cache.
 */
export async function courseStatisticsOrResponse(
  page: CourseStatisticsPage,
): Promise<{ user: SessionUser; courseId: string; course: CollectionEntry<'courses'> } | { response: Response }> {
  const courseId = page.params.course ?? '';
  const guard = await requireCourseStatistics(page.locals.user, page.url, courseId);
  if ('response' in guard) return guard;
  const course = await getEntry('courses', courseId);
  if (!course) return { response: notFoundResponse() };
  page.response.headers.set('Cache-Control', 'private, no-store');
  return { user: guard.user, courseId, course };
}

/** The ids of the courses whose statistics the user may see, among `allCourseIds`. */
export async function statisticsCourseIds(user: SessionUser, allCourseIds: readonly string[]): Promise<string[]> {
  if (isContentReviewer(user)) return [...allCourseIds];
  const written = await coursesWrittenBy(user.id);
  return allCourseIds.filter((id) => written.has(id));
}
