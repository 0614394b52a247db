/**
 * The records screen's query for an administrator: their scope, the screen's filters, and the
 * chosen unit looked up inside that scope (a unit outside it is "not found"). The screen and its
 * two exports build their query here, so they always show the same rows.
 */
import { adminScopePaths } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse, requireReader } from '../org/admin-guard.ts';
import { findUnitInScope } from '../org/scope.ts';
import type { ExportRequest } from './records-export.ts';
import { courseFacts } from '../records/course-facts.ts';
import { screenFiltersOf, screenToFilter, type ScreenFilters } from '../../records/records-filter.ts';
import type { RecordsQuery } from './training-records.ts';

/** The query for these search parameters, or null when the chosen unit is not in scope. */
export async function screenRecordsQuery(
  user: SessionUser,
  params: URLSearchParams,
): Promise<{ query: RecordsQuery; filters: ScreenFilters } | null> {
  const filters = screenFiltersOf(params);
  const unit = filters.unitId ? await findUnitInScope(user, filters.unitId) : undefined;
  if (filters.unitId && !unit) return null;
  return {
    filters,
    query: {
      paths: adminScopePaths(user),
      filter: screenToFilter(filters),
      unitPath: unit?.path ?? null,
      courses: await courseFacts(),
      revokedCertificates: 'mark',
    },
  };
}

/** The unit of the administrator's own role, so an export is in their own audit log too. */
const ownUnitOf = (user: SessionUser) =>
  user.roles.find((grant) => grant.unitId && (grant.role === 'commune_admin' || grant.role === 'province_admin'))
    ?.unitId ?? null;

/**
 * The request → rows step of both screen exports: the administrator, their query for the
 * screen's filters and who exports what for the audit; or the response instead (sign in, 404).
 */
export async function screenExportRequest(
  user: SessionUser | undefined,
  url: URL,
): Promise<{ response: Response } | { query: RecordsQuery; who: ExportRequest }> {
  const guard = requireReader(user, url);
  if ('response' in guard) return guard;
  const screen = await screenRecordsQuery(guard.user, url.searchParams);
  if (!screen) return { response: notFoundResponse() };
  const filters = Object.fromEntries(Object.entries(screen.filters).filter(([, value]) => value));
  return {
    query: screen.query,
    who: { userId: guard.user.id, unitId: screen.filters.unitId || ownUnitOf(guard.user), filters },
  };
}
