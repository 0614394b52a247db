/**
 * Showing a temporary password exactly once. The action that issues it redirects back to the
 * official's page (so a reload does not issue another); the password travels in a short-lived,
 * HttpOnly cookie scoped to that page, which the page deletes as it shows it. Nothing keeps it
 * in the address bar, the history or a log.
 */
import type { AstroCookies } from 'astro';

const COOKIE = 'hls_mat_khau_tam';
const LIFETIME_SECONDS = 120;

function cookieOptions(url: URL, officialId: string) {
  const localHttp = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return { httpOnly: true, secure: !localHttp, sameSite: 'strict' as const, path: `/quan-tri/can-bo/${officialId}/` };
}

/** Leaves the password for the official's page to show on the next request. */
export function leaveTemporaryPassword(cookies: AstroCookies, url: URL, officialId: string, password: string): void {
  cookies.set(COOKIE, `${officialId}:${password}`, { ...cookieOptions(url, officialId), maxAge: LIFETIME_SECONDS });
}

/** The password left for this official's page, removed as it is read (undefined if none). */
export function takeTemporaryPassword(cookies: AstroCookies, url: URL, officialId: string): string | undefined {
  const value = cookies.get(COOKIE)?.value;
  if (!value) return undefined;
  cookies.delete(COOKIE, cookieOptions(url, officialId));
  const [owner, password] = value.split(':');
  return owner === officialId && password ? password : undefined;
}
