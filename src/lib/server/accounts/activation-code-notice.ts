/**
 * Showing a re-issued activation code exactly once on the official's page, as the temporary
 * password is (org/temporary-password-notice.ts): the action redirects back to the page, the code
 * travels in a short-lived, HttpOnly cookie scoped to that page, and the page deletes it as it
 * shows it. Nothing keeps the code in the address bar, the history or a log.
 */
import type { AstroCookies } from 'astro';

const COOKIE = 'hls_ma_kich_hoat';
const LIFETIME_SECONDS = 120;

function cookieOptions(url: URL, officialId: string) {
  const localHttp = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return { httpOnly: true, secure: !localHttp, sameSite: 'strict' as const, path: `/quan-tri/can-bo/${officialId}/` };
}

/** Leaves the code for the official's page to show on the next request. */
export function leaveActivationCode(cookies: AstroCookies, url: URL, officialId: string, code: string): void {
  cookies.set(COOKIE, `${officialId}:${code}`, { ...cookieOptions(url, officialId), maxAge: LIFETIME_SECONDS });
}

/** The code left for this official's page, removed as it is read (undefined if none). */
export function takeActivationCode(cookies: AstroCookies, url: URL, officialId: string): string | undefined {
  const value = cookies.get(COOKIE)?.value;
  if (!value) return undefined;
  cookies.delete(COOKIE, cookieOptions(url, officialId));
  const [owner, code] = value.split(':');
  return owner === officialId && code ? code : undefined;
}
