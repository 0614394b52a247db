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

/** The refusal's message. */
export const CROSS_ORIGIN_REFUSED = 'Yêu cầu thay đổi dữ liệu từ trang web khác bị từ chối.';

/** The part of a request the guard reads (a Web Request, or node:http's headers behind the hot path). */
export interface GuardedRequest {
  method: string;
  headers: { get(name: string): string | null };
}

/** True when a request that changes state comes from another origin. */
export function isCrossOriginWrite(request: GuardedRequest, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin !== null && !ownOrigins(url).has(origin)) return true;
  return false;
}
