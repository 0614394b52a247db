/**
 * Rules for administrators acting on other people's accounts. Pure, so they are tested
 * directly: who may grant which role, who may reset or lock whom, and what a temporary
 * password looks like.
 */
import { isWithin } from '../org/unit-tree.ts';
import { hasRole, type Actor } from './access.ts';
import type { Role, RoleGrant } from './roles.ts';

/** Administrator roles by reach: a grant can be given only by someone holding at least as much. */
const ADMIN_RANK: Partial<Record<Role, number>> = { commune_admin: 1, province_admin: 2, system_admin: 3 };

/**
 * The administrator rank needed, on a unit whose subtree holds the grant's unit, to give each
 * role. A commune administrator gives, inside their commune, commune administrators, evaluators
 * and inspectors; a province administrator gives, inside their province, those and province
 * administrators, instructors (limited or not, attached to a unit of the province) and the
 * province's own content reviewer. System administrators, and every grant with no unit (national
 * instructor, reviewer or inspector), are for system administrators only.
 */
const RANK_TO_GRANT: Partial<Record<Role, number>> = {
  commune_admin: 1,
  evaluator: 1,
  inspector: 1,
  province_admin: 2,
  instructor: 2,
  content_reviewer: 2,
};

/** A grant as the rules see it: the role, the unit's path (null: national or global) and an instructor's limits. */
export type GrantSpec = Pick<RoleGrant, 'role' | 'unitPath'> & {
  courseSlugs?: readonly string[] | null;
  fields?: readonly string[] | null;
};

/** Unit levels (db/schema/units.ts). */
export type UnitLevel = 'province' | 'commune' | 'office';

/** The unit levels each role may be attached to; null in the list means "no unit" (national or global). */
const ALLOWED_UNITS: Record<Role, readonly (UnitLevel | null)[]> = {
  learner: [null],
  system_admin: [null],
  province_admin: ['province'],
  commune_admin: ['commune'],
  evaluator: ['province', 'commune', 'office'],
  inspector: [null, 'province', 'commune', 'office'],
  instructor: [null, 'province', 'commune', 'office'],
  content_reviewer: [null, 'province'],
};

/** Roles that may be limited to courses or fields. */
export const LIMITABLE_ROLES: readonly Role[] = ['instructor'];

/**
 * Why a grant is malformed whoever gives it (Vietnamese), or null: the role on a unit of the wrong
 * level, a unit missing or one that should not be there, limits on a role that has none.
 */
export function grantShapeProblem(grant: {
  role: Role;
  unitLevel: UnitLevel | null;
  courseSlugs?: readonly string[] | null;
  fields?: readonly string[] | null;
}): string | null {
  const allowed = ALLOWED_UNITS[grant.role];
  if (!allowed.includes(grant.unitLevel)) {
    if (grant.unitLevel === null) return `Vai trò ${roleLabel(grant.role)} phải gắn với một đơn vị: hãy chọn đơn vị.`;
    if (!allowed.some((level) => level !== null))
      return `Vai trò ${roleLabel(grant.role)} áp dụng trên toàn hệ thống, không gắn với đơn vị.`;
    const levels = allowed.filter((level): level is UnitLevel => level !== null).map((level) => LEVEL_WORDS[level]);
    return `Vai trò ${roleLabel(grant.role)} chỉ gắn với ${levels.join(' hoặc ')}.`;
  }
  const limited = (grant.courseSlugs?.length ?? 0) > 0 || (grant.fields?.length ?? 0) > 0;
  if (limited && !LIMITABLE_ROLES.includes(grant.role))
    return `Chỉ vai trò ${roleLabel('instructor')} mới giới hạn theo khóa học hay lĩnh vực.`;
  return null;
}

const LEVEL_WORDS: Record<UnitLevel, string> = {
  province: 'cấp tỉnh',
  commune: 'xã, phường, đặc khu',
  office: 'cơ quan, phòng ban',
};

/**
 * True when the actor could give `grant` to someone themselves. A system administrator can give
 * any role. Another administrator can give the learner role (every official's baseline, it opens
 * nothing beyond their own learning) and the roles of RANK_TO_GRANT on a unit inside the subtree
 * of one of their own administrator grants of at least that rank, the same grant supplying both.
 * Limits (courses, fields) only narrow a grant, so they never make it grantable.
 */
export function canGrant(actor: Actor, grant: GrantSpec): boolean {
  if (hasRole(actor, 'system_admin')) return true;
  const own = actor.roles.filter(
    (each) => (each.role === 'commune_admin' || each.role === 'province_admin') && each.unitPath,
  );
  if (grant.role === 'learner') return own.length > 0;
  const rank = RANK_TO_GRANT[grant.role];
  if (rank === undefined || !grant.unitPath) return false;
  return own.some((each) => ADMIN_RANK[each.role]! >= rank && isWithin(grant.unitPath!, each.unitPath!));
}

/** The roles the actor may give on some unit: the choices of the grant form (the learner's baseline is never granted there). */
export function grantableRoles(actor: Actor): Role[] {
  const roles = Object.keys(ALLOWED_UNITS) as Role[];
  if (hasRole(actor, 'system_admin')) return roles.filter((role) => role !== 'learner');
  const reach = Math.max(0, ...actor.roles.filter((each) => each.unitPath).map((each) => ADMIN_RANK[each.role] ?? 0));
  return roles.filter((role) => (RANK_TO_GRANT[role] ?? Infinity) <= reach);
}

/**
 * Why the actor may not give (or take back) this grant of someone else's, in Vietnamese; null
 * when they may. Nobody grants to or revokes from themselves, and one may take back only what
 * one could give. The caller has already checked that the unit lies in the actor's scope (outside
 * it the answer is 404, not this message).
 */
export function grantProblem(actor: Actor, targetUserId: string, grant: GrantSpec, taking = false): string | null {
  if (actor.id === targetUserId)
    return taking
      ? 'Không thể tự thu hồi vai trò của mình. Hãy nhờ quản trị viên cấp trên.'
      : 'Không thể tự cấp vai trò cho mình. Hãy nhờ quản trị viên cấp trên.';
  if (canGrant(actor, grant)) return null;
  if (grant.role === 'system_admin' || !grant.unitPath)
    return `Chỉ quản trị hệ thống mới được ${taking ? 'thu hồi' : 'cấp'} vai trò ${roleLabel(grant.role)}${grant.unitPath ? '' : ' trên toàn quốc'}.`;
  return `Vai trò ${roleLabel(grant.role)} ở đơn vị này cao hơn quyền quản trị của anh/chị: chỉ quản trị viên cấp trên mới được ${taking ? 'thu hồi' : 'cấp'}.`;
}

/**
 * Why an administrator may not act on an account (temporary password, lock, unlock), in
 * Vietnamese; null when they may. Acting on an account is taking it over, so the account may
 * hold nothing the actor could not grant themselves. The caller checks separately that the
 * official lies in the actor's subtree (outside it the answer is 404, not this message).
 */
export function accountActionProblem(
  actor: Actor,
  target: { userId: string; roles: readonly GrantSpec[] },
): string | null {
  if (actor.id === target.userId)
    return 'Không thể tự cấp lại mật khẩu hay tự khóa tài khoản của mình ở đây. Hãy dùng trang Đổi mật khẩu.';
  const beyond = target.roles.find((grant) => !canGrant(actor, grant));
  if (!beyond) return null;
  if (beyond.role === 'system_admin' || !beyond.unitPath) {
    return `Tài khoản này có vai trò ${roleLabel(beyond.role)} trên toàn hệ thống. Chỉ quản trị hệ thống mới được cấp mật khẩu tạm thời, khóa hay mở khóa tài khoản này.`;
  }
  return `Tài khoản này có vai trò ${roleLabel(beyond.role)} ở ngoài phạm vi hoặc cao hơn quyền quản trị của anh/chị. Hãy nhờ quản trị viên cấp trên cấp mật khẩu tạm thời, khóa hay mở khóa tài khoản này.`;
}

const ROLE_LABELS: Record<Role, string> = {
  learner: 'Học viên',
  instructor: 'Giảng viên',
  content_reviewer: 'Thẩm định nội dung',
  commune_admin: 'Quản trị viên cấp xã',
  province_admin: 'Quản trị viên cấp tỉnh',
  system_admin: 'Quản trị hệ thống',
  evaluator: 'Người đánh giá sau bồi dưỡng',
  inspector: 'Thanh tra, giám sát (chỉ xem)',
};

/** The Vietnamese name of a role. */
export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

// No i, l, o, 0, 1: a temporary password is read aloud or copied from a screen.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** How long a temporary password opens the account (ASVS 6.4.1): seven days from when it is issued. */
export const TEMPORARY_PASSWORD_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** When a temporary password issued at `now` stops opening the account. */
export function temporaryPasswordExpiry(now: Date = new Date()): Date {
  return new Date(now.getTime() + TEMPORARY_PASSWORD_LIFETIME_MS);
}

/**
 * A temporary password such as "k7pq-m3xa-2hrt": 12 characters from 31 (about 59 bits),
 * drawn without bias, grouped by four so it is easy to read out.
 */
export function generateTemporaryPassword(): string {
  const characters: string[] = [];
  const limit = 256 - (256 % ALPHABET.length);
  while (characters.length < 12) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    for (const byte of bytes)
      if (byte < limit && characters.length < 12) characters.push(ALPHABET[byte % ALPHABET.length]);
  }
  return [0, 4, 8].map((start) => characters.slice(start, start + 4).join('')).join('-');
}
