/**
 * The first lines of every draft page: signed out → the sign-in page (coming back after); not an
 * instructor, or a draft that is missing or not theirs → 404 (the same answer for both).
 */
import type { CourseDraft } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';
import { isInstructor } from './access.ts';
import { findDraftFor } from './draft-store.ts';

function signInResponse(url: URL): Response {
  const next = encodeURIComponent(`${url.pathname}${url.search}`);
  return new Response(null, { status: 302, headers: { Location: `/dang-nhap/?next=${next}`, 'Cache-Control': 'private, no-store' } });
}

/** An instructor or reviewer, or the response to send instead. */
export function instructorOrResponse(user: SessionUser | undefined, url: URL): { user: SessionUser } | { response: Response } {
  if (!user) return { response: signInResponse(url) };
  if (!isInstructor(user)) return { response: notFoundResponse() };
  return { user };
}

/** The draft named in the URL if the user may see it, or the response to send instead. */
export async function draftOrResponse(user: SessionUser | undefined, url: URL, draftId: string | undefined): Promise<{ user: SessionUser; draft: CourseDraft } | { response: Response }> {
  const guard = instructorOrResponse(user, url);
  if ('response' in guard) return guard;
  const draft = draftId && /^[a-z0-9]{1,64}$/.test(draftId) ? await findDraftFor(guard.user, draftId) : undefined;
  if (!draft) return { response: notFoundResponse() };
  return { user: guard.user, draft };
}
