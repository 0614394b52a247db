/**
 * GET /quan-tri/ho-so/xuat.xlsx: the records screen's rows (same filters: don-vi, ky, loai) as a
 * streamed XLSX download, for any administrator, of their own scope only; audited as 'export'.
 */
import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db.ts';
import { notFoundResponse, requireAdministrator } from '../../../lib/server/org/admin-guard.ts';
import { exportRecords } from '../../../lib/server/api-tokens/records-export.ts';
import { screenRecordsQuery } from '../../../lib/server/api-tokens/screen-query.ts';

export const prerender = false;

/** The unit of the administrator's own role, so the export is in their own audit log too. */
const ownUnitOf = (user: { roles: { role: string; unitId: string | null }[] }) =>
  user.roles.find((grant) => grant.unitId && (grant.role === 'commune_admin' || grant.role === 'province_admin'))?.unitId ?? null;

export const GET: APIRoute = async ({ locals, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const screen = await screenRecordsQuery(guard.user, url.searchParams);
  if (!screen) return notFoundResponse();
  const filters = Object.fromEntries(Object.entries(screen.filters).filter(([, value]) => value));
  return exportRecords(getDb(), screen.query, 'xlsx', { userId: guard.user.id, unitId: screen.filters.unitId || ownUnitOf(guard.user), filters });
};
