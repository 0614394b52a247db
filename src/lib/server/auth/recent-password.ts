/**
 * Re-authentication before sensitive actions (ASVS 7.5.3): creating or revoking API tokens,
 * revoking certificates, giving a temporary password, publishing a course. The session must have
 * had its password entered (sign-in or /xac-nhan-mat-khau/) within the last ten minutes; if not,
 * the action is refused with FORBIDDEN and REAUTH_MESSAGE (require-recent-password.ts), and the
 * page sends the person to the re-authentication page, whose form reauthenticate() answers, and
 * which comes back to it. No astro: imports here, so tests load it directly.
 *
 * The time is read from the database, not the session cache: a confirmation made on one server
 * instance counts at once on every other.
 */
import type { AstroCookies } from 'astro';
import { z } from 'astro/zod';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../db/schema/index.ts';
import { MAX_PASSWORD_LENGTH } from '../../auth/password-policy.ts';
import { safeRedirectPath } from '../../safe-redirect.ts';
import { getDb } from '../db.ts';
import { setSessionCookie } from './cookie.ts';
import { createSession, invalidateSession, newSessionCookieMaxAge } from './sessions.ts';
import { confirmPassword } from './sign-in.ts';

/** How long an entered password counts for sensitive actions. */
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

/** The re-authentication page. */
export const REAUTH_PATH = '/xac-nhan-mat-khau/';

/** The message of the refusal; pages recognise the refusal by it (with code FORBIDDEN). */
export const REAUTH_MESSAGE = 'Việc này cần xác nhận lại mật khẩu: lần nhập mật khẩu gần nhất đã quá 10 phút.';

/** When the session's password was last entered (sign-in counts), or null for no such session. */
export async function passwordConfirmedAt(sessionId: string): Promise<Date | null> {
  const [row] = await getDb()
    .select({ createdAt: sessions.createdAt, confirmedAt: sessions.passwordConfirmedAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row ? (row.confirmedAt ?? row.createdAt) : null;
}

/** True when the session's password was entered within REAUTH_WINDOW_MS of `now`. */
export async function hasRecentPassword(sessionId: string | undefined, now = Date.now()): Promise<boolean> {
  if (!sessionId) return false;
  const confirmed = await passwordConfirmedAt(sessionId);
  return confirmed !== null && now - confirmed.getTime() < REAUTH_WINDOW_MS;
}

/**
 * After the password was entered again: a new session replaces this one (ASVS 7.2.4, a new token
 * on every authentication, re-authentication included), so a token seen before cannot ride on
 * the confirmation. The new session keeps the old one's start, so its absolute lifetime still
 * counts from the sign-in, and records the confirmation; its token is returned for the cookie.
 */
export async function renewSessionAfterPassword(sessionId: string, userId: string, now = Date.now()): Promise<string> {
  const [old] = await getDb()
    .select({ createdAt: sessions.createdAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  const token = await createSession(userId, now);
  const [newId] = token.split('.');
  await getDb()
    .update(sessions)
    .set({ createdAt: old?.createdAt ?? new Date(now), passwordConfirmedAt: new Date(now) })
    .where(eq(sessions.id, newId));
  await invalidateSession(sessionId);
  return token;
}

/** Where the re-authentication form's post leads: back to `next`, or the form again with a message and a status. */
export type ReauthOutcome =
  | { ok: true; redirectTo: string }
  | { ok: false; status: 400 | 401 | 429; message: string; retryAfterSeconds?: number };

const reauthInput = z.object({
  password: z
    .string({ error: 'Hãy nhập mật khẩu.' })
    .min(1, { error: 'Hãy nhập mật khẩu.' })
    .max(MAX_PASSWORD_LENGTH, { error: 'Mật khẩu quá dài.' }),
  next: z.string().max(2000).optional(),
});

/**
 * The re-authentication form posted (`password`, `next`): the password is checked under the same
 * throttles as sign-in (confirmPassword); when it is right a new session replaces this one
 * (renewSessionAfterPassword), its cookie is set, and the person goes back to `next`.
 */
export async function reauthenticate(
  form: FormData,
  session: { sessionId: string; userId: string },
  request: { url: URL; cookies: AstroCookies; clientAddress: string },
): Promise<ReauthOutcome> {
  const parsed = reauthInput.safeParse({
    password: form.get('password') ?? undefined,
    next: form.get('next') ?? undefined,
  });
  if (!parsed.success)
    return { ok: false, status: 400, message: parsed.error.issues[0]?.message ?? 'Hãy nhập mật khẩu.' };
  const checked = await confirmPassword(session.userId, parsed.data.password, request.clientAddress);
  if (!checked.ok)
    return {
      ok: false,
      status: checked.retryAfterSeconds ? 429 : 401,
      message: checked.message,
      retryAfterSeconds: checked.retryAfterSeconds,
    };
  const token = await renewSessionAfterPassword(session.sessionId, session.userId);
  setSessionCookie(request.cookies, request.url, token, await newSessionCookieMaxAge(token));
  // Only a path of this site (no open redirect); anything else goes to the home page.
  return { ok: true, redirectTo: safeRedirectPath(parsed.data.next || '/', request.url.origin) };
}

/** True when an action's error is the refusal for want of a recent password. */
export function isReauthRequired(error: unknown): boolean {
  // By shape: a page gets the error back through getActionResult, possibly serialised.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'FORBIDDEN' && message === REAUTH_MESSAGE;
}

/** The re-authentication page, coming back to `url` (a page's own address, its `_action` dropped). */
export function reauthUrl(url: URL): string {
  const back = new URL(url);
  back.searchParams.delete('_action');
  return `${REAUTH_PATH}?next=${encodeURIComponent(`${back.pathname}${back.search}`)}`;
}
