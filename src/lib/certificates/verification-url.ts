/** Where a certificate is verified: the page address, and the absolute URL printed and put in the QR code. */
import { groupCode } from './code.ts';

/** "/xac-minh/K7QM-2XBD-…/": the public verification page of a code. */
export function verificationPath(code: string): string {
  return `/xac-minh/${groupCode(code)}/`;
}

/** "/chung-chi/K7QM-2XBD-….pdf": the certificate as a PDF (for its holder and administrators). */
export function certificatePdfPath(code: string): string {
  return `/chung-chi/${groupCode(code)}.pdf`;
}

/**
 * The absolute verification URL on `siteAddress`, the address people reach the site by (e.g.
 * https://hoclieuso.example.gov.vn; a trailing slash is fine). The caller chooses it: SITE_URL
 * when set, else the origin the request came to.
 */
export function verificationUrl(code: string, siteAddress: string): string {
  return `${siteAddress.replace(/\/+$/, '')}${verificationPath(code)}`;
}
