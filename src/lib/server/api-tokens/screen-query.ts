/**
 * The records screen's query for an administrator: their scope, the screen's filters, and the
 * chosen unit looked up inside that scope (a unit outside it is "not found"). The screen and its
 * two exports build their query here, so they always show the same rows.
 */
import { adminScopePaths } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { findUnitInScope } from '../org/scope.ts';
import { courseFacts } from './course-facts.ts';
import { screenFiltersOf, screenToFilter, type ScreenFilters } from './records-filter.ts';
import type { RecordsQuery } from './training-records.ts';

/** The query for these search parameters, or null when the chosen unit is not in scope. */
export async function screenRecordsQuery(user: SessionUser, params: URLSearchParams): Promise<{ query: RecordsQuery; filters: ScreenFilters } | null> {
  const filters = screenFiltersOf(params);
  const unit = filters.unitId ? await findUnitInScope(user, filters.unitId) : undefined;
  if (filters.unitId && !unit) return null;
  return { filters, query: { paths: adminScopePaths(user), filter: screenToFilter(filters), unitPath: unit?.path ?? null, courses: await courseFacts() } };
}
