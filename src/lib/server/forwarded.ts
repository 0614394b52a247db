/**
 * Which X-Forwarded-* headers the application may believe (scripts/serve.mjs applies this to every
 * request before Astro sees it). Astro, in a build made with SITE_URL, takes the client address
 * from the FIRST X-Forwarded-For value and the scheme and host from X-Forwarded-Proto/-Host as
 * soon as the host matches SITE_URL, whoever sent them. So:
 *
 * - a request whose socket peer is not a trusted proxy loses every forwarding header: a client
 *   talking to the server directly cannot pick its own address (and dodge a rate limit);
 * - from a trusted proxy, X-Forwarded-For becomes the single right-most address that is not itself
 *   a trusted proxy: each proxy appends the address it saw, so everything left of that is what the
 *   client claimed and cannot be believed.
 *
 * TRUSTED_PROXIES: comma-separated IP addresses (default 127.0.0.1 and ::1, the
 * reverse proxy on the same machine); an empty value trusts nobody.
 */

// ::ffff:127.0.0.1 needs no entry: normalizeAddress reads it as 127.0.0.1.
const DEFAULT_TRUSTED_PROXIES = '127.0.0.1,::1';

/** The headers a proxy sets about the original request. */
const FORWARDING_HEADERS = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'forwarded',
] as const;

/** An address as compared here: without brackets, and IPv4-mapped IPv6 as plain IPv4. */
export function normalizeAddress(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  return mapped ? mapped[1] : bare;
}

/** The trusted proxies of TRUSTED_PROXIES (undefined: the default; empty: none). */
export function trustedProxies(value: string | undefined): Set<string> {
  const list = value ?? DEFAULT_TRUSTED_PROXIES;
  return new Set(list.split(',').map(normalizeAddress).filter(Boolean));
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * Rewrites `headers` (a Node request's) in place for a request from `peer` (its socket's remote
 * address): see the file's comment. Returns the client address the application will see.
 */
export function applyTrustedProxies(
  headers: Headers,
  peer: string | undefined,
  trusted: Set<string>,
): string | undefined {
  if (!peer || !trusted.has(normalizeAddress(peer))) {
    for (const name of FORWARDING_HEADERS) delete headers[name];
    return peer;
  }
  const raw = headers['x-forwarded-for'];
  const chain = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Right to left, past the trusted proxies; when every hop is one, the left-most started it.
  const client = [...chain].reverse().find((address) => !trusted.has(normalizeAddress(address))) ?? chain[0];
  if (client === undefined) {
    delete headers['x-forwarded-for'];
    return peer;
  }
  headers['x-forwarded-for'] = client;
  return client;
}
