/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, and Secure everywhere except plain http
 * on localhost, where development and the tests run.
 */
import type { AstroCookies } from 'astro';
import { INACTIVITY_TIMEOUT_MS } from './sessions.ts';

export const SESSION_COOKIE = 'hls_session';

function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Sets (or refreshes) the session cookie. */
export function setSessionCookie(cookies: AstroCookies, url: URL, token: string): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: !isLocalHttp(url),
    sameSite: 'lax',
    path: '/',
    maxAge: Math.floor(INACTIVITY_TIMEOUT_MS / 1000),
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(cookies: AstroCookies, url: URL): void {
  cookies.set(SESSION_COOKIE, '', { httpOnly: true, secure: !isLocalHttp(url), sameSite: 'lax', path: '/', maxAge: 0 });
}
