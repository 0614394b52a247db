/**
 * Showing a new token once across the redirect after its form (post/redirect/get, so reloading
 * the page cannot create a second token): a short-lived HttpOnly cookie, limited to the tokens
 * page and to the administrator who created it, that the next view of the page reads and deletes.
 */
import type { AstroCookies } from 'astro';

const NOTICE_COOKIE = 'hls_new_token';
const PAGE_PATH = '/quan-tri/api/';
/** Long enough for the redirect, short enough that a forgotten notice does not linger. */
const NOTICE_SECONDS = 120;

/** What the page shows once. */
export interface NewTokenNotice {
  token: string;
  name: string;
  unitName: string;
}

function secureOn(url: URL): boolean {
  return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

/** Keeps the new token for the page's next view by `userId`. */
export function keepNewToken(cookies: AstroCookies, url: URL, userId: string, notice: NewTokenNotice): void {
  const value = Buffer.from(JSON.stringify({ userId, ...notice }), 'utf8').toString('base64url');
  cookies.set(NOTICE_COOKIE, value, {
    httpOnly: true,
    secure: secureOn(url),
    sameSite: 'strict',
    path: PAGE_PATH,
    maxAge: NOTICE_SECONDS,
  });
}

/** The kept token if it belongs to `userId`, deleted as it is read; otherwise null. */
export function takeNewToken(cookies: AstroCookies, url: URL, userId: string): NewTokenNotice | null {
  const value = cookies.get(NOTICE_COOKIE)?.value;
  if (!value) return null;
  cookies.delete(NOTICE_COOKIE, { path: PAGE_PATH, httpOnly: true, secure: secureOn(url), sameSite: 'strict' });
  try {
    const kept = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as NewTokenNotice & { userId: string };
    if (kept.userId !== userId || typeof kept.token !== 'string') return null;
    return { token: kept.token, name: String(kept.name), unitName: String(kept.unitName) };
  } catch {
    return null;
  }
}
