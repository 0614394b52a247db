/**
 * Where the reset token waits between the e-mailed link and the form. The link's first GET moves
 * the token from the address (?t=) into an HttpOnly cookie scoped to the reset page and redirects
 * to the page without it, so the token leaves the address bar and the history at once and is
 * never in a Referer or an access log line of a later request. SameSite=Lax: the link is opened
 * from a mail client or webmail (another site), and the redirect that follows must still carry
 * the cookie. The form's POST reads it from there; a successful reset deletes it.
 */
import type { AstroCookies } from 'astro';
import { isLocalHttp } from '../auth/cookie.ts';
import { RESET_PASSWORD_PATH, RESET_TOKEN_LIFETIME_MS, isWellFormedResetToken } from '../../accounts/password-reset.ts';

const COOKIE = 'hls_dat_lai_mat_khau';

function cookieOptions(url: URL) {
  return { httpOnly: true, secure: !isLocalHttp(url), sameSite: 'lax' as const, path: RESET_PASSWORD_PATH };
}

/** Keeps the link's token for the reset page (a malformed one is not kept: any old one is removed). */
export function keepResetToken(cookies: AstroCookies, url: URL, token: string): void {
  if (!isWellFormedResetToken(token)) return forgetResetToken(cookies, url);
  cookies.set(COOKIE, token, { ...cookieOptions(url), maxAge: Math.floor(RESET_TOKEN_LIFETIME_MS / 1000) });
}

/** The token kept for this browser, if any. */
export function keptResetToken(cookies: AstroCookies): string | undefined {
  return cookies.get(COOKIE)?.value || undefined;
}

export function forgetResetToken(cookies: AstroCookies, url: URL): void {
  cookies.delete(COOKIE, cookieOptions(url));
}
