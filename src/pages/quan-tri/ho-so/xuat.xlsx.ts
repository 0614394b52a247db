/**
 * GET /quan-tri/ho-so/xuat.xlsx: the records screen's rows (same filters: don-vi, ky, loai) as a
 * streamed XLSX download, for any administrator, of their own scope only; audited as 'export'.
 */
import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db.ts';
import { exportRecords } from '../../../lib/server/api-tokens/records-export.ts';
import { screenExportRequest } from '../../../lib/server/api-tokens/screen-query.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const request = await screenExportRequest(locals.user, url);
  if ('response' in request) return request.response;
  return exportRecords(getDb(), request.query, 'xlsx', request.who);
};
