/**
 * Which officials an assignment reaches: chosen one by one, or every active official matching a
 * filter (unit, job title, group, field, the "chưa đáp ứng yêu cầu chuyên môn" flag). Both are
 * bounded by the administrator's scope in SQL, so an id or a unit outside it matches nobody.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { officials, units, users } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { findUnitInScope, pathInSubtree, unitInScopeCondition } from '../org/scope.ts';

/** The filter of the assignment page; every part optional. */
export interface AssignmentFilter {
  /** A unit in the caller's scope: its whole subtree. */
  unitId?: string;
  /** Exact job title (chức danh), as recorded. */
  jobTitle?: string;
  group?: string;
  /** A field slug the official works in. */
  field?: string;
  /** Only officials flagged "chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm". */
  underqualified?: boolean;
}

/** Officials chosen one by one, or all that match a filter. */
export type AssignmentTargets =
  { kind: 'officials'; officialIds: string[] } | { kind: 'filter'; filter: AssignmentFilter };

/** An official an assignment would reach. */
export interface TargetOfficial {
  id: string;
  staffCode: string;
  fullName: string;
  unitId: string;
  unitName: string;
  jobTitle: string;
  userId: string | null;
}

type Reader = Pick<Database, 'select' | 'selectDistinct'>;

/** The SQL condition (over officials ⋈ units) for the targets, or null when they can match nobody. */
async function targetsCondition(reader: Reader, user: SessionUser, targets: AssignmentTargets): Promise<SQL | null> {
  const scope = unitInScopeCondition(user);
  if (!scope) return null;
  const base = and(eq(officials.active, true), scope)!;
  if (targets.kind === 'officials') {
    const ids = [...new Set(targets.officialIds)];
    return ids.length === 0 ? null : and(base, inArray(officials.id, ids))!;
  }
  const { filter } = targets;
  let subtree: SQL | undefined;
  if (filter.unitId) {
    const unit = await findUnitInScope(user, filter.unitId, reader);
    if (!unit) return null;
    subtree = pathInSubtree(unit.path);
  }
  return and(
    base,
    subtree,
    filter.jobTitle ? eq(officials.jobTitle, filter.jobTitle) : undefined,
    filter.group ? sql`${officials.group} = ${filter.group}` : undefined,
    filter.field ? sql`exists (select 1 from json_each(${officials.fields}) where value = ${filter.field})` : undefined,
    filter.underqualified ? eq(officials.underqualified, true) : undefined,
  )!;
}

/** How many active officials in scope the targets reach (the page's preview). */
export async function countTargets(reader: Reader, user: SessionUser, targets: AssignmentTargets): Promise<number> {
  const where = await targetsCondition(reader, user, targets);
  if (!where) return 0;
  const [row] = await reader
    .select({ total: count() })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(where);
  return Number(row?.total ?? 0);
}

/** The active officials in scope the targets reach, by staff code (at most `limit`). */
export async function findTargets(
  reader: Reader,
  user: SessionUser,
  targets: AssignmentTargets,
  limit?: number,
): Promise<TargetOfficial[]> {
  const where = await targetsCondition(reader, user, targets);
  if (!where) return [];
  const query = reader
    .select({
      id: officials.id,
      staffCode: officials.staffCode,
      fullName: officials.fullName,
      unitId: officials.unitId,
      unitName: units.name,
      jobTitle: officials.jobTitle,
      userId: users.id,
    })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .leftJoin(users, eq(users.officialId, officials.id))
    .where(where)
    .orderBy(asc(officials.staffCode));
  return limit === undefined ? query : query.limit(limit);
}

/** Distinct job titles of active officials in the caller's scope, for the filter. */
export async function jobTitlesInScope(reader: Reader, user: SessionUser): Promise<string[]> {
  const scope = unitInScopeCondition(user);
  if (!scope) return [];
  const rows = await reader
    .selectDistinct({ jobTitle: officials.jobTitle })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(eq(officials.active, true), scope));
  return rows.map((row) => row.jobTitle).sort((a, b) => a.localeCompare(b, 'vi'));
}
