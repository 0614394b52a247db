/**
 * The first lines of every instructor page (drafts, statistics, classes): signed out → the sign-in
 * page (coming back after); signed in without the instructor or reviewer role → 404, the same
 * answer as for a page that does not exist.
 */
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';
import { isInstructor } from '../../auth/access.ts';

/** To the sign-in page, coming back to `url` after. */
export function signInResponse(url: URL): Response {
  const next = encodeURIComponent(`${url.pathname}${url.search}`);
  return new Response(null, {
    status: 302,
    headers: { Location: `/dang-nhap/?next=${next}`, 'Cache-Control': 'private, no-store' },
  });
}

/** An instructor or reviewer, or the response to send instead. */
export function instructorOrResponse(
  user: SessionUser | undefined,
  url: URL,
): { user: SessionUser } | { response: Response } {
  if (!user) return { response: signInResponse(url) };
  if (!isInstructor(user)) return { response: notFoundResponse() };
  return { user };
}
