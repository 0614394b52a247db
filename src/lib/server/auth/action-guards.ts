/**
 * The first lines of every form action: who is asking. Signed out → UNAUTHORIZED (401); signed in
 * without the role the form needs → NOT_FOUND (404) with the caller's own "not found" message, the
 * same answer as for a record outside the caller's scope. Pages have their own guards
 * (org/admin-guard.ts), which redirect instead.
 */
import { ActionError } from 'astro:actions';
import { isAdministrator } from '../../auth/access.ts';
import type { SessionUser } from './sessions.ts';

/** The refusal shown to a signed-out caller, unless the form says what signing in is for. */
export const SIGN_IN_FIRST = 'Hãy đăng nhập trước.';

type Asking = { locals: App.Locals };

/** The signed-in user, or UNAUTHORIZED with `message`. */
export function requireSignedIn(context: Asking, message = SIGN_IN_FIRST): SessionUser {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message });
  return user;
}

/** The signed-in user and their current session's id (to tell it from their other sessions). */
export function requireSession(context: Asking): { user: SessionUser; sessionId: string } {
  const { user, sessionId } = context.locals;
  if (!user || !sessionId) throw new ActionError({ code: 'UNAUTHORIZED', message: SIGN_IN_FIRST });
  return { user, sessionId };
}

/** The signed-in user whom `may` allows (isInstructor, mayManageXapi…); anyone else signed in gets NOT_FOUND with `notFoundMessage`. */
export function requireAllowed(
  context: Asking,
  may: (user: SessionUser) => boolean,
  notFoundMessage: string,
): SessionUser {
  const user = requireSignedIn(context);
  if (!may(user)) throw new ActionError({ code: 'NOT_FOUND', message: notFoundMessage });
  return user;
}

/** A signed-in administrator (of any unit), or 401 / 404 with `notFoundMessage`. */
export function requireAdministrator(context: Asking, notFoundMessage: string): SessionUser {
  return requireAllowed(context, isAdministrator, notFoundMessage);
}
