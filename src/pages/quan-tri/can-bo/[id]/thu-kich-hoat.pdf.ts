/**
 * The one-letter PDF of an official's code just re-issued on their page (issue 16). Posted with
 * the code the page showed: the letter is made only when that is the account's live code and the
 * official is in the caller's scope (404 otherwise), so nothing is issued here and no code is ever
 * read back from the database (it is not there).
 */
import type { APIRoute } from 'astro';
import { notFoundResponse, requireAdministrator } from '../../../../lib/server/org/admin-guard.ts';
import { letterForLiveCode } from '../../../../lib/server/accounts/activation-codes.ts';
import { activationLettersPdf } from '../../../../lib/server/accounts/activation-letters-pdf.ts';
import { downloadResponse } from '../../../../lib/server/spreadsheet/xlsx.ts';
import { siteAddress } from '../../../../lib/server/site-address.ts';

export const prerender = false;

export const POST: APIRoute = async ({ locals, url, params, request }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const form = await request.formData().catch(() => new FormData());
  const code = form.get('code');
  if (typeof code !== 'string' || code.length > 100) return notFoundResponse();
  const letter = await letterForLiveCode(guard.user, params.id ?? '', code);
  if (!letter) return notFoundResponse();
  const pdf = await activationLettersPdf([letter], siteAddress(url));
  return downloadResponse(pdf, `thu-kich-hoat-${letter.staffCode}.pdf`, 'application/pdf');
};
