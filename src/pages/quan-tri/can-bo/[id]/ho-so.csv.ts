/** An official's training record as CSV, for an administrator of their unit (404 otherwise); audited. */
import type { APIRoute } from 'astro';
import { auditExport } from '../../../../lib/server/plans/plan-store.ts';
import { recordCsvResponse, recordForAdministrator } from '../../../../lib/server/records/official-record.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url, params }) => {
  const record = await recordForAdministrator(locals.user, url, params.id ?? '');
  if ('response' in record) return record.response;
  const response = recordCsvResponse(record);
  await auditExport(record.user, record.unitId, 'export:record.csv', { officialId: record.official.id });
  return response;
};
