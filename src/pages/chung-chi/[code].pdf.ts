/**
 * GET /chung-chi/<code>.pdf: a certificate as an A4 landscape PDF, made on each request from the
 * record as issued. For its holder, or an administrator of the unit it was issued in; anyone else
 * gets 404, exactly as for a code that does not exist (signed out: to the sign-in page first).
 */
import type { APIRoute } from 'astro';
import { canAdministerPath } from '../../lib/auth/access.ts';
import { groupCode, normalizeCode } from '../../lib/certificates/code.ts';
import { certificatePdf } from '../../lib/server/certificates/pdf.ts';
import { findCertificateByCode } from '../../lib/server/certificates/records.ts';
import { verificationUrl } from '../../lib/certificates/verification-url.ts';
import { getDb } from '../../lib/server/db.ts';
import { siteAddress } from '../../lib/server/site-address.ts';
import { notFoundResponse } from '../../lib/server/org/admin-guard.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals, url }) => {
  const user = locals.user;
  if (!user) {
    const next = encodeURIComponent(url.pathname);
    return new Response(null, {
      status: 302,
      headers: { Location: `/dang-nhap/?next=${next}`, 'Cache-Control': 'private, no-store' },
    });
  }
  const code = normalizeCode(params.code ?? '');
  const certificate = code ? await findCertificateByCode(getDb(), code) : undefined;
  const allowed =
    certificate &&
    (certificate.userId === user.id ||
      (certificate.unitPath !== null && canAdministerPath(user, certificate.unitPath)));
  if (!certificate || !allowed) return notFoundResponse();

  const started = performance.now();
  // Printed and put in the QR code: on SITE_URL, the address people reach the site by, when set.
  const pdf = await certificatePdf(certificate, verificationUrl(certificate.code, siteAddress(url)));
  const milliseconds = performance.now() - started;
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="giay-chung-nhan-${groupCode(certificate.code)}.pdf"`,
      'Cache-Control': 'private, no-store',
      'Server-Timing': `pdf;dur=${milliseconds.toFixed(1)}`,
    },
  });
};
