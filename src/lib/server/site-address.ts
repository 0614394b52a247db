/**
 * The address people reach the site by (e.g. https://hoclieuso.example.gov.vn): SITE_URL, the one
 * place it is read at run time, so the security headers, certificates and xAPI statements agree.
 */

/** SITE_URL, trimmed and without a trailing slash; undefined when it is not set. */
export function configuredSiteAddress(): string | undefined {
  return process.env.SITE_URL?.trim().replace(/\/+$/, '') || undefined;
}

/**
 * The site's address without a trailing slash: SITE_URL; without it, the origin of the request
 * being answered when there is one, else a placeholder (the xAPI statements are queued outside
 * any request and must name their activities on some address).
 */
export function siteAddress(requestUrl?: URL): string {
  return configuredSiteAddress() ?? requestUrl?.origin ?? 'https://hoclieuso.local';
}
