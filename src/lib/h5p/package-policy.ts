/**
 * Who may do what to an H5P package. A content reviewer may do anything. A package that a
 * published lesson embeds changes only through a reviewer: anyone else's upload becomes a pending
 * version, and only a reviewer may delete it. A package no published lesson embeds may be replaced
 * or deleted directly by the people it belongs to (its scope); anyone else's upload waits for
 * review too. Pure: the caller reads the package, its scope's unit path and its use in lessons.
 */
import { canAdministerPath, isContentReviewer, type Actor, type RoleHolder } from '../auth/access.ts';
import type { H5pScope } from './vocabulary.ts';

/** The scope a package gets from the person who first imports it (null: the demo seed). */
export function scopeOfImporter(user: RoleHolder | null): { scope: H5pScope; scopeUnitId: string | null } {
  if (!user || isContentReviewer(user)) return { scope: 'national', scopeUnitId: null };
  const adminGrant = user.roles.find(
    (grant) => (grant.role === 'commune_admin' || grant.role === 'province_admin') && grant.unitId,
  );
  if (adminGrant) return { scope: 'unit', scopeUnitId: adminGrant.unitId };
  return { scope: 'instructor', scopeUnitId: null };
}

/** What the rules need to know of a package. */
export interface PackageOwnership {
  ownerId: string | null;
  scope: H5pScope;
  /** Tree path of the scope's unit, for the "unit" scope. */
  scopeUnitPath: string | null;
}

/** True when the package belongs to the user: they imported it first, or administer its unit. */
export function belongsTo(user: Actor, ownership: PackageOwnership): boolean {
  if (ownership.ownerId !== null && ownership.ownerId === user.id) return true;
  return (
    ownership.scope === 'unit' && ownership.scopeUnitPath !== null && canAdministerPath(user, ownership.scopeUnitPath)
  );
}

/** True when the user may approve or reject pending versions (and do anything else). */
export function isH5pReviewer(user: RoleHolder | null | undefined): boolean {
  return Boolean(user) && isContentReviewer(user ?? undefined);
}

/**
 * Whether the user's upload under an id goes live at once or waits for a reviewer. `existing` is
 * the package, if there is one; `used` whether a published lesson embeds the id.
 */
export function uploadMode(user: Actor, existing: PackageOwnership | undefined, used: boolean): 'live' | 'pending' {
  if (isH5pReviewer(user)) return 'live';
  if (used) return 'pending';
  if (!existing) return 'live';
  return belongsTo(user, existing) ? 'live' : 'pending';
}

/** Why the user may not delete the package (HTTP status and Vietnamese sentence), or null when they may. */
export function deleteRefusal(
  user: Actor,
  existing: PackageOwnership,
  lessonTitles: readonly string[],
): { status: 403; message: string } | null {
  if (isH5pReviewer(user)) return null;
  if (lessonTitles.length > 0) {
    const shown = lessonTitles
      .slice(0, 3)
      .map((title) => `“${title}”`)
      .join(', ');
    const more = lessonTitles.length > 3 ? ` và ${lessonTitles.length - 3} bài khác` : '';
    return {
      status: 403,
      message: `Không xóa được: gói đang được dùng trong bài học đã xuất bản ${shown}${more}. Chỉ người thẩm định nội dung mới được xóa gói đang dùng.`,
    };
  }
  if (!belongsTo(user, existing)) {
    return {
      status: 403,
      message:
        'Không xóa được: gói này không do anh/chị hay đơn vị anh/chị nhập. Hãy đề nghị người đã nhập gói hoặc người thẩm định nội dung.',
    };
  }
  return null;
}
