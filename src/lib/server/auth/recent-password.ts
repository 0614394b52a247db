/**
 * Re-authentication before sensitive actions (ASVS 7.5.3): creating or revoking API tokens,
 * revoking certificates, giving a temporary password, publishing a course. The session must have
 * had its password entered (sign-in or /xac-nhan-mat-khau/) within the last ten minutes; if not,
 * the action is refused with FORBIDDEN and REAUTH_MESSAGE (require-recent-password.ts), and the
 * page sends the person to the re-authentication page, which comes back to it. No astro: imports
 * here, so tests load it directly.
 *
 * The time is read from the database, not the session cache: a confirmation made on one server
 * instance counts at once on every other.
 */
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';

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

/** Records that the password was just entered again in this session. */
export async function recordPasswordConfirmed(sessionId: string, now = Date.now()): Promise<void> {
  await getDb().update(sessions).set({ passwordConfirmedAt: new Date(now) }).where(eq(sessions.id, sessionId));
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
