/**
 * Who may see what. An administrator's scope is the subtree of the unit their role names;
 * everything outside it answers exactly like something that does not exist (404).
 */
import { isWithin } from '../org/unit-tree.ts';
import type { Role, RoleGrant } from './roles.ts';

/** Whoever holds roles: the signed-in user (SessionUser) or an account being managed. */
export interface RoleHolder {
  roles: readonly RoleGrant[];
  /**
   * Set only on a scoped view (scopedView): the subtrees one activity of the user reaches
   * (reading for an inspector, evaluating for an evaluator), answered by adminScopePaths instead
   * of the administered ones. Never on the signed-in user itself.
   */
  readonly scopeOverride?: readonly string[];
}

/** Someone acting with their roles: the signed-in user (SessionUser) as the pure rules need it. */
export type Actor = RoleHolder & { id: string };

const ADMIN_ROLES: readonly Role[] = ['commune_admin', 'province_admin'];

/** True when the user holds `role` (in any scope). */
export function hasRole(user: RoleHolder | undefined, role: Role): boolean {
  return Boolean(user?.roles.some((grant) => grant.role === role));
}

/** Tree paths of the subtrees the user administers; a system administrator has the whole tree ("/"). */
export function adminScopePaths(user: RoleHolder | undefined): string[] {
  if (!user) return [];
  if (user.scopeOverride) return [...user.scopeOverride];
  if (hasRole(user, 'system_admin')) return ['/'];
  return scopePathsOf(user, ADMIN_ROLES);
}

/** Paths of the user's grants of these roles; a grant of one of them with no unit reaches the whole tree. */
function scopePathsOf(user: RoleHolder, roles: readonly Role[]): string[] {
  const grants = user.roles.filter((grant) => roles.includes(grant.role));
  if (grants.some((grant) => !grant.unitPath && grant.role !== 'commune_admin' && grant.role !== 'province_admin'))
    return ['/'];
  return grants.filter((grant) => grant.unitPath).map((grant) => grant.unitPath!);
}

/**
 * Subtrees the user may read on the administrator's reading pages (overview, unit, records,
 * indicators, yearly report): the administered ones and those of an inspector grant (no unit:
 * the whole country). Reading never opens a change: actions keep asking adminScopePaths.
 */
export function readScopePaths(user: RoleHolder | undefined): string[] {
  if (!user) return [];
  return [...new Set([...adminScopePaths(user), ...scopePathsOf(user, ['inspector'])])];
}

/** Subtrees whose officials the user may evaluate after training: administered ones and evaluator grants. */
export function evaluationScopePaths(user: RoleHolder | undefined): string[] {
  if (!user) return [];
  return [...new Set([...adminScopePaths(user), ...scopePathsOf(user, ['evaluator'])])];
}

/**
 * The user as the scope queries should see them for one activity: the same person, whose
 * adminScopePaths answer `paths`. Made by the reading and evaluation guards only, and passed to
 * the queries of that activity, never to anything that changes other records.
 */
export function scopedView<T extends RoleHolder>(user: T, paths: readonly string[]): T {
  return { ...user, scopeOverride: [...paths] };
}

/** True when a unit (by its tree path) lies inside one of the user's administered subtrees. */
export function canAdministerPath(user: RoleHolder | undefined, unitPath: string): boolean {
  return adminScopePaths(user).some((scope) => isWithin(unitPath, scope));
}

/**
 * May send back and publish any draft: a national content reviewer (a grant with no unit), or a
 * system administrator. A province's reviewer (reviewProvincePaths) reviews only that province's drafts.
 */
export function isContentReviewer(user: RoleHolder | undefined): boolean {
  return (
    Boolean(user?.roles.some((grant) => grant.role === 'content_reviewer' && !grant.unitId)) ||
    hasRole(user, 'system_admin')
  );
}

/** Paths of the provinces whose drafts the user reviews as a province's content reviewer. */
export function reviewProvincePaths(user: RoleHolder | undefined): string[] {
  return (user?.roles ?? [])
    .filter((grant) => grant.role === 'content_reviewer' && grant.unitPath)
    .map((grant) => grant.unitPath!);
}

/** May open the instructor area at all (writers and reviewers, national or of a province). */
export function isInstructor(user: RoleHolder | undefined): boolean {
  return hasRole(user, 'instructor') || hasRole(user, 'content_reviewer') || isContentReviewer(user);
}

/** True when the user administers anything at all. */
export function isAdministrator(user: RoleHolder | undefined): boolean {
  return adminScopePaths(user).length > 0;
}
