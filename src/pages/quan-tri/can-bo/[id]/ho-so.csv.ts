/** An official's training record as CSV, for an administrator of their unit (404 otherwise); audited. */
import type { APIRoute } from 'astro';
import { notFoundResponse, requireAdministrator } from '../../../../lib/server/org/admin-guard.ts';
import { findOfficialInScope } from '../../../../lib/server/org/scope.ts';
import { auditExport } from '../../../../lib/server/plans/plan-store.ts';
import { recordDownload } from '../../../../lib/server/records/official-record.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url, params }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const found = await findOfficialInScope(guard.user, params.id ?? '');
  if (!found) return notFoundResponse();
  const response = await recordDownload(found.official, 'csv');
  await auditExport(guard.user, found.unit.id, 'export:record.csv', { officialId: found.official.id });
  return response;
};
