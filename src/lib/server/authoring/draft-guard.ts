/**
 * The first lines of every draft page: signed out → the sign-in page (coming back after); not an
 * instructor, or a draft that is missing or not theirs → 404 (the same answer for both).
 */
import type { CourseDraft } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';
import { findDraftFor } from './draft-store.ts';
import { instructorOrResponse } from './instructor-guard.ts';

export { instructorOrResponse };

/** The draft named in the URL if the user may see it, or the response to send instead. */
export async function draftOrResponse(
  user: SessionUser | undefined,
  url: URL,
  draftId: string | undefined,
): Promise<{ user: SessionUser; draft: CourseDraft } | { response: Response }> {
  const guard = instructorOrResponse(user, url);
  if ('response' in guard) return guard;
  const draft = draftId && /^[a-z0-9]{1,64}$/.test(draftId) ? await findDraftFor(guard.user, draftId) : undefined;
  if (!draft) return { response: notFoundResponse() };
  return { user: guard.user, draft };
}
