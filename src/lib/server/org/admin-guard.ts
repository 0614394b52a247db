/**
 * The first lines of every administrator page: who is asking. Signed out → to the sign-in page
 * (coming back here after); signed in without an administrator role → 404, the same answer as
 * for a page that does not exist. Pages then look their unit or official up through scope.ts.
 * Reading pages (overview, unit, records, indicators, yearly report) use requireReader instead,
 * which also lets in an inspector, as a view whose scope is what they may read.
 */
import { evaluationScopePaths, isAdministrator, readScopePaths, scopedView } from '../../auth/access.ts';
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

/** To the sign-in page, coming back to `url` after. */
function signInFirst(url: URL): { response: Response } {
  const next = encodeURIComponent(`${url.pathname}${url.search}`);
  return {
    response: new Response(null, {
      status: 302,
      headers: { Location: `/dang-nhap/?next=${next}`, 'Cache-Control': 'private, no-store' },
    }),
  };
}

/**
 * For a reading page: an administrator or an inspector, as a scoped view whose scope is every
 * subtree they may read (readScopePaths), or the response to send instead. The view is for the
 * page's queries only: these pages change nothing, and every action and endpoint that does asks
 * for the signed-in user's own administered scope, which an inspector does not have.
 */
export function requireReader(user: SessionUser | undefined, url: URL): { user: SessionUser } | { response: Response } {
  return requireScoped(user, url, readScopePaths);
}

/**
 * For the evaluations after training: an administrator or an evaluator, as a scoped view whose
 * scope is the subtrees whose officials they evaluate (evaluationScopePaths).
 */
export function requireEvaluator(
  user: SessionUser | undefined,
  url: URL,
): { user: SessionUser } | { response: Response } {
  return requireScoped(user, url, evaluationScopePaths);
}

function requireScoped(
  user: SessionUser | undefined,
  url: URL,
  scopeOf: (user: SessionUser) => string[],
): { user: SessionUser } | { response: Response } {
  if (!user) return signInFirst(url);
  const paths = scopeOf(user);
  if (paths.length === 0) return { response: notFoundResponse() };
  return { user: scopedView(user, paths) };
}
