/**
 * After the local session has ended (the signOut action), where a session started by a
 * province's provider goes next: that provider's end-session endpoint, with the ID token as a
 * hint, the client id and the way back to the site. Without the sign-out cookie, or when the
 * provider has no end-session endpoint or cannot be reached, the visitor simply stays on the site.
 */
import type { AstroCookies } from 'astro';
import { clearSignOutCookie, openSignOutCookie, signOutCookieProvider } from './flow-cookie.ts';
import { endSessionUrl } from './oidc-client.ts';
import { providerForSignIn } from './provider-store.ts';
import { postLogoutRedirectUri } from './sign-in.ts';

/** The provider's end-session address for the session just ended, or undefined; the sign-out cookie is removed either way. */
export async function providerSignOutLocation(
  cookies: AstroCookies,
  url: URL,
  endedSessionId: string | undefined,
): Promise<string | undefined> {
  const named = signOutCookieProvider(cookies);
  clearSignOutCookie(cookies, url);
  if (!named || !endedSessionId || !/^[a-z0-9]{1,64}$/.test(named.providerId)) return undefined;
  const found = await providerForSignIn(named.providerId);
  if (!found) return undefined;
  const opened = openSignOutCookie(found.provider, named.sealed, endedSessionId);
  if (!opened) return undefined;
  try {
    return (await endSessionUrl(found.provider, postLogoutRedirectUri(url), opened.idToken))?.href;
  } catch (error) {
    console.warn(
      `SSO: end session at provider ${found.provider.id} unavailable: ${error instanceof Error ? error.message : error}`,
    );
    return undefined;
  }
}
