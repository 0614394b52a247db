/**
 * Which unit and period a dashboard request names (?don-vi=<code or id>&ky=<period>), bounded by
 * the administrator's scope: a unit outside it, or an unknown period, is "not found" (404).
 * Without a unit, the caller's top unit is used when they administer exactly one subtree.
 */
import type { SessionUser } from '../auth/sessions.ts';
import { unitsInScope } from '../org/scope.ts';
import { idsOfPath } from '../../org/unit-tree.ts';
import type { Unit } from '../../../../db/schema/index.ts';
import { currentPhase, parsePeriod, type Period } from '../../indicators/period.ts';

export type DashboardRequest =
  | { kind: 'found'; unit: Unit; period: Period; ancestors: Unit[] }
  | { kind: 'choose'; roots: Unit[]; period: Period }
  | { kind: 'not-found' };

/** Resolves the unit and period of a dashboard URL for this administrator. */
export async function resolveDashboardRequest(user: SessionUser, params: URLSearchParams): Promise<DashboardRequest> {
  const periodKey = params.get('ky');
  const period = periodKey ? parsePeriod(periodKey) : currentPhase();
  if (!period) return { kind: 'not-found' };
  const wanted = params.get('don-vi');
  const scope = await unitsInScope(user);
  const scopeIds = new Set(scope.map((unit) => unit.id));
  if (!wanted) {
    const roots = scope.filter((unit) => !unit.parentId || !scopeIds.has(unit.parentId));
    if (roots.length === 0) return { kind: 'not-found' };
    if (roots.length > 1) return { kind: 'choose', roots, period };
    return { kind: 'found', unit: roots[0]!, period, ancestors: [] };
  }
  // The scope is already read: the unit is looked up in it (by code, then by id), not read again.
  const unit = scope.find((row) => row.code === wanted) ?? scope.find((row) => row.id === wanted);
  if (!unit) return { kind: 'not-found' };
  const byId = new Map(scope.map((row) => [row.id, row]));
  const ancestors = idsOfPath(unit.path)
    .filter((id) => id !== unit.id)
    .flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return { kind: 'found', unit, period, ancestors };
}
