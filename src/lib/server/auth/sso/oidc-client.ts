/**
 * The OpenID Connect relying party, on openid-client's functional API: discovery (kept briefly
 * per provider), the authorization request with state, nonce and PKCE (S256), the code grant with
 * its checks (issuer, audience, signature, nonce, state), the claims (ID token, then userinfo),
 * and the end-session address. Plain http is accepted only for a loopback issuer, and only when
 * SSO_ALLOW_INSECURE_LOOPBACK=1 (tests, a local trial): otherwise a province administrator could
 * make the server fetch internal addresses.
 */
import * as client from 'openid-client';
import { createHash } from 'node:crypto';
import { isLoopbackHost, issuerProblem } from '../../../auth/sso-linking.ts';

/** The operator's explicit permission for plain-http loopback issuers; read here only. */
function insecureLoopbackAllowed(): boolean {
  return process.env.SSO_ALLOW_INSECURE_LOOPBACK === '1';
}

/** Why an issuer address is not acceptable on this server (Vietnamese), or null. */
export function issuerAddressProblem(issuer: string): string | null {
  return issuerProblem(issuer, insecureLoopbackAllowed());
}

/** How long a provider's discovered metadata is reused. */
const DISCOVERY_TTL_MS = 5 * 60 * 1000;
/** Seconds to wait for the provider's discovery, token or userinfo answer. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** What reaching a provider needs: its row's id, issuer and client credentials. */
interface Connection {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

interface CachedConfiguration {
  /** Issuer, client id and a hash of the secret: a changed setting is a new entry. */
  key: string;
  config: client.Configuration;
  until: number;
}
const discovered = new Map<string, CachedConfiguration>();

function cacheKey(connection: Connection): string {
  const secret = createHash('sha256').update(connection.clientSecret).digest('base64url');
  return `${connection.issuer}\n${connection.clientId}\n${secret}`;
}

/** Drops a provider's cached metadata (after its settings change). */
export function forgetProviderConfiguration(providerId: string): void {
  discovered.delete(providerId);
}

async function discover(connection: Connection): Promise<client.Configuration> {
  const problem = issuerAddressProblem(connection.issuer);
  if (problem) throw new Error(problem);
  const issuer = new URL(connection.issuer);
  const loopbackHttp = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  return client.discovery(issuer, connection.clientId, undefined, client.ClientSecretBasic(connection.clientSecret), {
    timeout: REQUEST_TIMEOUT_SECONDS,
    // Never for anything but an allowed loopback issuer: issuerAddressProblem refused every other http address.
    ...(loopbackHttp ? { execute: [client.allowInsecureRequests] } : {}),
  });
}

/** The provider's configuration, discovered or from the cache. */
export async function configurationOf(connection: Connection, now = Date.now()): Promise<client.Configuration> {
  const key = cacheKey(connection);
  const cached = discovered.get(connection.id);
  if (cached && cached.key === key && cached.until > now) return cached.config;
  const config = await discover(connection);
  discovered.set(connection.id, { key, config, until: now + DISCOVERY_TTL_MS });
  return config;
}

const DISCOVERY_FAILED =
  'Không đọc được thông tin khám phá (/.well-known/openid-configuration) của nhà cung cấp định danh tại địa chỉ này. Hãy kiểm tra địa chỉ issuer và kết nối mạng của máy chủ.';

/**
 * Checks an issuer before its settings are saved: discovery must answer with metadata for this
 * very issuer, offering the code flow. Returns a Vietnamese reason, or null when it is usable.
 */
export async function issuerCheckProblem(connection: Omit<Connection, 'id'>): Promise<string | null> {
  const problem = issuerAddressProblem(connection.issuer);
  if (problem) return problem;
  let config: client.Configuration;
  try {
    config = await discover({ id: '', ...connection });
  } catch (error) {
    // The error's text stays in the server log: echoed, it would show parts of whatever answered.
    console.warn(`SSO: discovery at ${connection.issuer} failed: ${error instanceof Error ? error.message : error}`);
    return DISCOVERY_FAILED;
  }
  const metadata = config.serverMetadata();
  if (!metadata.authorization_endpoint || !metadata.token_endpoint)
    return 'Nhà cung cấp định danh không công bố địa chỉ xác thực (authorization_endpoint) hoặc địa chỉ cấp mã (token_endpoint).';
  if (metadata.response_types_supported && !metadata.response_types_supported.includes('code'))
    return 'Nhà cung cấp định danh không hỗ trợ luồng mã xác thực (response_type=code).';
  return null;
}

/** What the sign-in flow keeps until the provider sends the browser back. */
export interface FlowSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider's authorization address for a new sign-in, and the secrets to keep for the way back. */
export async function startSignIn(
  provider: Connection,
  redirectUri: string,
): Promise<{ url: URL; secrets: FlowSecrets }> {
  const config = await configurationOf(provider);
  const secrets: FlowSecrets = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
  const supported = config.serverMetadata().scopes_supported;
  // profile and email only when offered (or when the provider does not say): some refuse unknown scopes.
  const scopes = ['openid', ...['profile', 'email'].filter((scope) => !supported || supported.includes(scope))];
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, secrets };
}

/** The verified outcome of a sign-in at the provider. */
export interface ProviderIdentity {
  subject: string;
  /** The ID token's claims, completed by userinfo's (same subject) when the provider has it. */
  claims: Record<string, unknown>;
  idToken: string | undefined;
}

/**
 * Completes the sign-in from the address the provider sent the browser back to: checks state,
 * exchanges the code with the PKCE verifier, verifies the ID token and its nonce, and reads
 * userinfo. Throws on any failure.
 */
export async function finishSignIn(
  provider: Connection,
  callbackUrl: URL,
  secrets: FlowSecrets,
): Promise<ProviderIdentity> {
  const config = await configurationOf(provider);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    expectedState: secrets.state,
    expectedNonce: secrets.nonce,
    pkceCodeVerifier: secrets.codeVerifier,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('no ID token');
  let claims: Record<string, unknown> = { ...idClaims };
  if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    // The ID token's claims win; the province's own attribute is often only in userinfo.
    claims = { ...userinfo, ...idClaims };
  }
  return { subject: idClaims.sub, claims, idToken: tokens.id_token };
}

/** The provider's end-session address for a sign-out, or undefined when it has none. */
export async function endSessionUrl(
  provider: Connection,
  postLogoutRedirectUri: string,
  idTokenHint: string | undefined,
): Promise<URL | undefined> {
  const config = await configurationOf(provider);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, {
    post_logout_redirect_uri: postLogoutRedirectUri,
    client_id: provider.clientId,
    ...(idTokenHint ? { id_token_hint: idTokenHint } : {}),
  });
}
