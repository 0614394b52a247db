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
 * True when the actor could give `grant` to someone themselves. A system administrator can give
 * any role. Another administrator can give the learner role (every official's baseline, it
 * opens nothing beyond their own learning) and a commune or province administrator's role on a
 * unit inside the subtree of one of their own grants of at least that rank, the same grant
 * supplying both. Global roles (instructor, content reviewer, system administrator) and unit
 * roles without a unit are for system administrators only.
 */
export function canGrant(actor: Actor, grant: Pick<RoleGrant, 'role' | 'unitPath'>): boolean {
  if (hasRole(actor, 'system_admin')) return true;
  const own = actor.roles.filter(
    (each) => (each.role === 'commune_admin' || each.role === 'province_admin') && each.unitPath,
  );
  if (grant.role === 'learner') return own.length > 0;
  const rank = ADMIN_RANK[grant.role];
  if (rank === undefined || grant.role === 'system_admin' || !grant.unitPath) return false;
  return own.some((each) => ADMIN_RANK[each.role]! >= rank && isWithin(grant.unitPath!, each.unitPath!));
}

/**
 * Why an administrator may not act on an account (temporary password, lock, unlock), in
 * Vietnamese; null when they may. Acting on an account is taking it over, so the account may
 * hold nothing the actor could not grant themselves. The caller checks separately that the
 * official lies in the actor's subtree (outside it the answer is 404, not this message).
 */
export function accountActionProblem(
  actor: Actor,
  target: { userId: string; roles: readonly Pick<RoleGrant, 'role' | 'unitPath'>[] },
): string | null {
  if (actor.id === target.userId)
    return 'Không thể tự cấp lại mật khẩu hay tự khóa tài khoản của mình ở đây. Hãy dùng trang Đổi mật khẩu.';
  const beyond = target.roles.find((grant) => !canGrant(actor, grant));
  if (!beyond) return null;
  if (
    beyond.role === 'system_admin' ||
    beyond.role === 'instructor' ||
    beyond.role === 'content_reviewer' ||
    !beyond.unitPath
  ) {
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
