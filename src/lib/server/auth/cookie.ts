/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, and Secure everywhere except plain http
 * on localhost, where development and the tests run. Over https it is named with the __Host-
 * prefix, so the browser accepts it only Secure, for this host alone (no Domain) and Path=/: a
 * sibling subdomain or a plain-http page cannot plant or overwrite it (ASVS 7.2). Browsers refuse
 * __Host- cookies without Secure, so plain http keeps the bare name.
 */
import type { AstroCookies } from 'astro';
import { INACTIVITY_TIMEOUT_MS } from '../../auth/session-lifetimes.ts';

/** The cookie's name over plain http (development, tests). */
export const SESSION_COOKIE = 'hls_session';
/** Its name over https (behind Caddy: the scheme Astro sees from a trusted proxy's X-Forwarded-Proto). */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The session cookie's name for a request to `url`: the one to read and to set. */
export function sessionCookieName(url: URL): string {
  return url.protocol === 'https:' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Plain http on this machine (development, the tests): cookies there cannot be Secure. */
export function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Sets (or refreshes) the session cookie. `maxAgeSeconds` follows the session's lifetime
 * (ValidSession.cookieMaxAgeSeconds: 30 minutes for staff, 14 days for learners).
 */
export function setSessionCookie(
  cookies: AstroCookies,
  url: URL,
  token: string,
  maxAgeSeconds = Math.floor(INACTIVITY_TIMEOUT_MS / 1000),
): void {
  cookies.set(sessionCookieName(url), token, {
    httpOnly: true,
    secure: !isLocalHttp(url),
    sameSite: 'lax',
    path: '/',
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(cookies: AstroCookies, url: URL): void {
  cookies.set(sessionCookieName(url), '', {
    httpOnly: true,
    secure: !isLocalHttp(url),
    sameSite: 'lax',
    path: '/',
    maxAge: 0,
  });
}

/**
 * The same cookie as a Set-Cookie header value, for answers written without Astro (the hot path
 * of scripts/serve.mjs); an empty token with Max-Age 0 removes it.
 */
export function sessionSetCookieHeader(url: URL, token: string, maxAgeSeconds: number): string {
  const secure = isLocalHttp(url) ? '' : '; Secure';
  return `${sessionCookieName(url)}=${token}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; Path=/; HttpOnly${secure}; SameSite=Lax`;
}

/** The value of cookie `name` in a Cookie request header, or undefined. */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
