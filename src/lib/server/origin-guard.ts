/**
 * Cross-site request forgery guard for every state-changing request, whatever its body type.
 * Browsers always send Origin (and Sec-Fetch-Site) on such requests; a request with neither is
 * not from a browser page, so it cannot ride on a learner's cookie from another site.
 */
import { configuredSiteAddress } from './site-address.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Origins this site is served from: its own, and SITE_URL's when behind a proxy. */
function ownOrigins(url: URL): Set<string> {
  const origins = new Set([url.origin]);
  const site = configuredSiteAddress();
  if (site) origins.add(new URL(site).origin);
  return origins;
}

/** True when a request that changes state comes from another origin. */
export function isCrossOriginWrite(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin !== null && !ownOrigins(url).has(origin)) return true;
  return false;
}
