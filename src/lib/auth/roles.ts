/**
 * The roles a person may hold: the values stored in the database (db/schema/users.ts uses them as
 * a column enum) and the grants the access rules read. Pure.
 */

/** Roles; a person may hold several, each scoped to a unit where it needs one. */
/**
 * content_reviewer: may send back or publish course drafts (an instructor or administrator with that right).
 * evaluator: the head of an office who rates officials of their unit after training.
 * inspector: reads a subtree's records and figures and changes nothing (a ministry or Ban Tổ chức viewer).
 */
export const ROLES = [
  'learner',
  'instructor',
  'content_reviewer',
  'commune_admin',
  'province_admin',
  'system_admin',
  'evaluator',
  'inspector',
] as const;
export type Role = (typeof ROLES)[number];

/** A role a signed-in user holds, with the unit (and its tree path) it applies to. */
export interface RoleGrant {
  role: Role;
  unitId: string | null;
  unitPath: string | null;
}
