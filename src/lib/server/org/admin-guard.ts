/**
 * The first lines of every administrator page: who is asking. Signed out → to the sign-in page
 * (coming back here after); signed in without an administrator role → 404, the same answer as
 * for a page that does not exist. Pages then look their unit or official up through scope.ts.
 */
import { isAdministrator } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';

/** The answer for anything the caller may not see: exactly a missing page. */
export function notFoundResponse(): Response {
  return new Response(null, { status: 404, headers: { 'Cache-Control': 'private, no-store' } });
}

/** The administrator, or the response to send instead. */
export function requireAdministrator(
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
  if (!isAdministrator(user)) return { response: notFoundResponse() };
  return { user };
}
