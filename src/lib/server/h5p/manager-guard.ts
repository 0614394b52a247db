/**
 * Who may import and preview H5P packages: instructors and administrators. Signed out → to the
 * sign-in page (coming back after); signed in with another role → 404, like a missing page.
 */
import { hasRole, isAdministrator } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';

/** True when the user may manage H5P packages. */
export function canManageH5p(user: SessionUser | undefined): boolean {
  return hasRole(user, 'instructor') || isAdministrator(user);
}

/** The instructor or administrator, or the response to send instead. */
export function requireH5pManager(
  user: SessionUser | undefined,
  url: URL,
): { user: SessionUser } | { response: Response } {
  if (!user) {
    const next = encodeURIComponent(`${url.pathname}${url.search}`);
    return {
      response: new Response(null, {
        status: 302,
        headers: { Location: `/dang-nhap/?next=${next}`, 'Cache-Control': 'private, no-store' },
      }),
    };
  }
  if (!canManageH5p(user)) return { response: notFoundResponse() };
  return { user };
}
