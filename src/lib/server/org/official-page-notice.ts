/**
 * Something shown exactly once on an official's page (a temporary password, a re-issued activation
 * code). The action that makes it redirects back to the page, so a reload does not make another;
 * the secret travels in a short-lived, HttpOnly cookie scoped to that page, which the page deletes
 * as it shows it. Nothing keeps it in the address bar, the history or a log.
 */
import type { AstroCookies } from 'astro';
import { isLocalHttp } from '../auth/cookie.ts';

const LIFETIME_SECONDS = 120;

export interface OfficialPageNotice {
  /** Leaves the secret for the official's page to show on the next request. */
  leave(cookies: AstroCookies, url: URL, officialId: string, secret: string): void;
  /** The secret left for this official's page, removed as it is read (undefined if none). */
  take(cookies: AstroCookies, url: URL, officialId: string): string | undefined;
}

/** A one-time notice carried in the cookie `cookieName`. */
export function officialPageNotice(cookieName: string): OfficialPageNotice {
  const options = (url: URL, officialId: string) => ({
    httpOnly: true,
    secure: !isLocalHttp(url),
    sameSite: 'strict' as const,
    path: `/quan-tri/can-bo/${officialId}/`,
  });
  return {
    leave(cookies, url, officialId, secret) {
      cookies.set(cookieName, `${officialId}:${secret}`, { ...options(url, officialId), maxAge: LIFETIME_SECONDS });
    },
    take(cookies, url, officialId) {
      const value = cookies.get(cookieName)?.value;
      if (!value) return undefined;
      cookies.delete(cookieName, options(url, officialId));
      const [owner, secret] = value.split(':');
      return owner === officialId && secret ? secret : undefined;
    },
  };
}
