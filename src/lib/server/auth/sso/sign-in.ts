/**
 * Signing in through a province's identity provider, for the two pages of the flow: the start
 * (a redirect to the provider, its secrets kept in the sealed flow cookie) and the way back (the
 * code grant, the account for the identity, then a session exactly as a password sign-in starts
 * one). Every failure is one of the refusals the page explains; none creates an account.
 */
import type { AstroCookies } from 'astro';
import { ABSOLUTE_LIFETIME_MS } from '../../../auth/session-lifetimes.ts';
import type { SsoRefusal } from '../../../auth/sso-linking.ts';
import { setSessionCookie } from '../cookie.ts';
import { createSession, newSessionCookieMaxAge } from '../sessions.ts';
import { siteAddress } from '../../site-address.ts';
import { flowPath, setFlowCookie, setSignOutCookie, takeFlowCookie } from './flow-cookie.ts';
import { accountForIdentity } from './linking.ts';
import { finishSignIn, startSignIn } from './oidc-client.ts';
import { providerForSignIn } from './provider-store.ts';

/** Provider ids are our own base32 ids. */
const PROVIDER_ID = /^[a-z0-9]{1,64}$/;

/** The address the provider sends the browser back to: register it at the provider. */
export function redirectUriFor(providerId: string, requestUrl?: URL): string {
  return `${siteAddress(requestUrl)}${flowPath(providerId)}ket-qua/`;
}

/** Where the provider may send the browser after its own sign-out: the home page. */
export function postLogoutRedirectUri(requestUrl?: URL): string {
  return `${siteAddress(requestUrl)}/`;
}

async function usableProvider(providerId: string | undefined) {
  if (!providerId || !PROVIDER_ID.test(providerId)) return undefined;
  const found = await providerForSignIn(providerId);
  if (!found || !found.provider.enabled || found.province.retiredOn) return undefined;
  return found;
}

/** Starts a sign-in: the provider's address to redirect to, or undefined for an unknown or disabled provider. */
export async function beginSsoSignIn(
  providerId: string | undefined,
  url: URL,
  cookies: AstroCookies,
): Promise<{ ok: true; location: string } | { ok: false; reason: 'not-found' | SsoRefusal }> {
  const found = await usableProvider(providerId);
  if (!found) return { ok: false, reason: 'not-found' };
  try {
    const { url: location, secrets } = await startSignIn(found.provider, redirectUriFor(found.provider.id, url));
    setFlowCookie(cookies, url, found.provider, secrets);
    return { ok: true, location: location.href };
  } catch (error) {
    console.warn(`SSO: provider ${found.provider.id} unavailable: ${error instanceof Error ? error.message : error}`);
    return { ok: false, reason: 'unavailable' };
  }
}

/**
 * Completes a sign-in on the way back from the provider: a session cookie set and where to go,
 * or why not.
 */
export async function completeSsoSignIn(
  providerId: string | undefined,
  url: URL,
  cookies: AstroCookies,
): Promise<{ ok: true; location: string } | { ok: false; reason: 'not-found' | SsoRefusal }> {
  const found = await usableProvider(providerId);
  if (!found) return { ok: false, reason: 'not-found' };
  const { provider, province } = found;
  const secrets = takeFlowCookie(cookies, url, provider);
  if (!secrets) return { ok: false, reason: 'flow-invalid' };
  // The address the provider was given, with what it sent back (behind a proxy the request's own may differ).
  const callbackUrl = new URL(redirectUriFor(provider.id, url));
  callbackUrl.search = url.search;
  if (url.searchParams.get('state') !== secrets.state) return { ok: false, reason: 'flow-invalid' };
  let identity;
  try {
    identity = await finishSignIn(provider, callbackUrl, secrets);
  } catch (error) {
    console.warn(`SSO: sign-in at provider ${provider.id} failed: ${error instanceof Error ? error.message : error}`);
    return { ok: false, reason: 'provider-error' };
  }
  if (identity.subject.length > 255) return { ok: false, reason: 'provider-error' };
  const account = await accountForIdentity(provider, province.path, identity.subject, identity.claims);
  if (!account.ok) return account;
  const token = await createSession(account.userId);
  setSessionCookie(cookies, url, token, await newSessionCookieMaxAge(token));
  setSignOutCookie(
    cookies,
    url,
    provider,
    { sessionId: token.split('.')[0], idToken: identity.idToken },
    ABSOLUTE_LIFETIME_MS / 1000,
  );
  return { ok: true, location: '/viec-hoc-cua-toi/' };
}
