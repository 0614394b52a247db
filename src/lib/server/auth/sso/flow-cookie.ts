/**
 * The two cookies of single sign-on, sealed (AES-256-GCM) so that the browser can neither read
 * nor alter them: the flow cookie (state, nonce, PKCE verifier; 10 minutes, scoped to the
 * provider's /dang-nhap/sso/<id>/ path) and the sign-out cookie (the provider and the ID token to
 * hint at its end-session endpoint, scoped to /dang-xuat/). The key is derived from the
 * provider's client secret (HKDF-SHA256): every server instance has it from the shared database,
 * no new setting is needed, and changing the secret voids the cookies sealed under the old one.
 * Both are HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET), and Secure
 * except over plain http on a loopback address.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { isLoopbackHost } from '../../../auth/sso-linking.ts';
import type { FlowSecrets } from './oidc-client.ts';

/** How long a started sign-in may take at the provider. */
export const FLOW_LIFETIME_MS = 10 * 60 * 1000;
const FLOW_COOKIE = 'hls_sso_flow';
const SIGN_OUT_COOKIE = 'hls_sso_signout';
const SIGN_OUT_PATH = '/dang-xuat/';

type Keyed = { id: string; clientSecret: string };

function keyOf(provider: Keyed, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', provider.clientSecret, provider.id, `hoc-lieu-so sso ${purpose}`, 32));
}

/** Seals a JSON value: base64url(iv | tag | ciphertext). The purpose is bound as associated data. */
export function seal(provider: Keyed, purpose: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(provider, purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed value, or undefined when it was altered, sealed for another purpose or key, or malformed. */
export function unseal(provider: Keyed, purpose: string, sealed: string): unknown {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 29) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(provider, purpose), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function secure(url: URL): boolean {
  return !(url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** The path both the start and the return of a provider's sign-in live under. */
export function flowPath(providerId: string): string {
  return `/dang-nhap/sso/${providerId}/`;
}

interface FlowCookie extends FlowSecrets {
  /** When the flow stops being accepted (ms). */
  until: number;
}

/** Keeps the flow's secrets for the way back. */
export function setFlowCookie(
  cookies: AstroCookies,
  url: URL,
  provider: Keyed,
  secrets: FlowSecrets,
  now = Date.now(),
): void {
  const value: FlowCookie = { ...secrets, until: now + FLOW_LIFETIME_MS };
  cookies.set(FLOW_COOKIE, seal(provider, 'flow', value), {
    httpOnly: true,
    secure: secure(url),
    sameSite: 'lax',
    path: flowPath(provider.id),
    maxAge: Math.floor(FLOW_LIFETIME_MS / 1000),
  });
}

/** The flow's secrets, once (the cookie is removed), or undefined when missing, altered or expired. */
export function takeFlowCookie(
  cookies: AstroCookies,
  url: URL,
  provider: Keyed,
  now = Date.now(),
): FlowSecrets | undefined {
  const sealed = cookies.get(FLOW_COOKIE)?.value;
  cookies.delete(FLOW_COOKIE, { path: flowPath(provider.id), httpOnly: true, secure: secure(url), sameSite: 'lax' });
  if (!sealed) return undefined;
  const value = unseal(provider, 'flow', sealed) as Partial<FlowCookie> | undefined;
  if (!value || typeof value.until !== 'number' || value.until <= now) return undefined;
  if (typeof value.state !== 'string' || typeof value.nonce !== 'string' || typeof value.codeVerifier !== 'string')
    return undefined;
  return { state: value.state, nonce: value.nonce, codeVerifier: value.codeVerifier };
}

interface SignOutCookie {
  /** The local session it belongs to: a later password session in the same browser does not use it. */
  sessionId: string;
  idToken?: string;
}

/**
 * Remembers, for the sign-out page, that this session was started by the provider. Readable by
 * the server only: "<providerId>.<sealed>". The ID token is dropped if it would make the cookie
 * too large for browsers (the end-session request then goes with client_id alone).
 */
export function setSignOutCookie(
  cookies: AstroCookies,
  url: URL,
  provider: Keyed,
  contents: SignOutCookie,
  maxAgeSeconds: number,
): void {
  let value = `${provider.id}.${seal(provider, 'sign-out', contents)}`;
  if (value.length > 3500) value = `${provider.id}.${seal(provider, 'sign-out', { sessionId: contents.sessionId })}`;
  cookies.set(SIGN_OUT_COOKIE, value, {
    httpOnly: true,
    secure: secure(url),
    sameSite: 'lax',
    path: SIGN_OUT_PATH,
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

/** The provider id the sign-out cookie names, before it is opened with that provider's key. */
export function signOutCookieProvider(cookies: AstroCookies): { providerId: string; sealed: string } | undefined {
  const value = cookies.get(SIGN_OUT_COOKIE)?.value;
  const dot = value?.indexOf('.') ?? -1;
  if (!value || dot < 1) return undefined;
  return { providerId: value.slice(0, dot), sealed: value.slice(dot + 1) };
}

/** Opens the sign-out cookie; undefined unless it was sealed by this provider for this very session. */
export function openSignOutCookie(
  provider: Keyed,
  sealed: string,
  sessionId: string,
): { idToken?: string } | undefined {
  const value = unseal(provider, 'sign-out', sealed) as Partial<SignOutCookie> | undefined;
  if (!value || value.sessionId !== sessionId) return undefined;
  return { idToken: typeof value.idToken === 'string' ? value.idToken : undefined };
}

/** Removes the sign-out cookie. */
export function clearSignOutCookie(cookies: AstroCookies, url: URL): void {
  cookies.delete(SIGN_OUT_COOKIE, { path: SIGN_OUT_PATH, httpOnly: true, secure: secure(url), sameSite: 'lax' });
}
