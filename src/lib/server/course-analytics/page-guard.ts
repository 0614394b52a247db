/**
 * The first lines of the statistics and class pages: signed out → the sign-in page (coming back
 * after); a course the user may not see the statistics of, or a non-instructor → 404.
 */
import { canSeeCourseStatistics, coursesWrittenBy, isContentReviewer, isInstructor } from '../authoring/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';

function signInResponse(url: URL): Response {
  const next = encodeURIComponent(`${url.pathname}${url.search}`);
  return new Response(null, { status: 302, headers: { Location: `/dang-nhap/?next=${next}`, 'Cache-Control': 'private, no-store' } });
}

/** An instructor (or reviewer), or the response to send instead. */
export function requireInstructor(user: SessionUser | undefined, url: URL): { user: SessionUser } | { response: Response } {
  if (!user) return { response: signInResponse(url) };
  if (!isInstructor(user)) return { response: notFoundResponse() };
  return { user };
}

/** A user who may see this course's statistics, or the response to send instead. */
export async function requireCourseStatistics(user: SessionUser | undefined, url: URL, courseId: string): Promise<{ user: SessionUser } | { response: Response }> {
  if (!user) return { response: signInResponse(url) };
  if (!(await canSeeCourseStatistics(user, courseId))) return { response: notFoundResponse() };
  return { user };
}

/** The ids of the courses whose statistics the user may see, among `allCourseIds`. */
export async function statisticsCourseIds(user: SessionUser, allCourseIds: readonly string[]): Promise<string[]> {
  if (isContentReviewer(user)) return [...allCourseIds];
  const written = await coursesWrittenBy(user.id);
  return allCourseIds.filter((id) => written.has(id));
}
