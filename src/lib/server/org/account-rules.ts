/**
 * Rules for administrators acting on other people's accounts. Pure, so they are tested
 * directly: who may reset or lock whom, and what a temporary password looks like.
 */
import type { Role } from '../../../../db/schema/users.ts';
import { canAdministerPath, hasRole } from '../access.ts';
import type { RoleGrant, SessionUser } from '../auth/sessions.ts';

/** Why an administrator may not act on an account, in Vietnamese; null when they may. */
export function accountActionProblem(actor: SessionUser, target: { userId: string; roles: readonly RoleGrant[] }): string | null {
  if (actor.id === target.userId) return 'Không thể tự cấp lại mật khẩu hay tự khóa tài khoản của mình ở đây. Hãy dùng trang Đổi mật khẩu.';
  // A reset hands the caller the account: never let it reach powers wider than the caller's own.
  for (const grant of target.roles) {
    if (grant.role === 'system_admin' && !hasRole(actor, 'system_admin')) return WIDER;
    if ((grant.role === 'commune_admin' || grant.role === 'province_admin') && !(grant.unitPath && canAdministerPath(actor, grant.unitPath))) return WIDER;
  }
  return null;
}

const WIDER = 'Tài khoản này có quyền quản trị rộng hơn phạm vi của anh/chị. Hãy nhờ quản trị viên cấp trên.';

const ROLE_LABELS: Record<Role, string> = {
  learner: 'Học viên',
  instructor: 'Giảng viên',
  content_reviewer: 'Thẩm định nội dung',
  commune_admin: 'Quản trị viên cấp xã',
  province_admin: 'Quản trị viên cấp tỉnh',
  system_admin: 'Quản trị hệ thống',
};

/** The Vietnamese name of a role. */
export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

// No i, l, o, 0, 1: a temporary password is read aloud or copied from a screen.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A temporary password such as "k7pq-m3xa-2hrt": 12 characters from 31 (about 59 bits),
 * drawn without bias, grouped by four so it is easy to read out.
 */
export function generateTemporaryPassword(): string {
  const characters: string[] = [];
  const limit = 256 - (256 % ALPHABET.length);
  while (characters.length < 12) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    for (const byte of bytes) if (byte < limit && characters.length < 12) characters.push(ALPHABET[byte % ALPHABET.length]);
  }
  return [0, 4, 8].map((start) => characters.slice(start, start + 4).join('')).join('-');
}
