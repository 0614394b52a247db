/**
 * Who may see what. An administrator's scope is the subtree of the unit their role names;
 * everything outside it answers exactly like something that does not exist (404).
 */
import { isWithin } from '../org/unit-tree.ts';
import type { Role, RoleGrant } from './roles.ts';

/** Whoever holds roles: the signed-in user (SessionUser) or an account being managed. */
export interface RoleHolder {
  roles: readonly RoleGrant[];
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
  if (hasRole(user, 'system_admin')) return ['/'];
  return user.roles
    .filter((grant) => ADMIN_ROLES.includes(grant.role) && grant.unitPath)
    .map((grant) => grant.unitPath!);
}

/** True when a unit (by its tree path) lies inside one of the user's administered subtrees. */
export function canAdministerPath(user: RoleHolder | undefined, unitPath: string): boolean {
  return adminScopePaths(user).some((scope) => isWithin(unitPath, scope));
}

/** May send drafts back and publish them: the content_reviewer right, or a system administrator. */
export function isContentReviewer(user: RoleHolder | undefined): boolean {
  return hasRole(user, 'content_reviewer') || hasRole(user, 'system_admin');
}

/** May open the instructor area at all. */
export function isInstructor(user: RoleHolder | undefined): boolean {
  return hasRole(user, 'instructor') || isContentReviewer(user);
}

/** True when the user administers anything at all. */
export function isAdministrator(user: RoleHolder | undefined): boolean {
  return adminScopePaths(user).length > 0;
}
