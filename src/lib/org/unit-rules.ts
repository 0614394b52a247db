/**
 * The rules of unit management, pure: which kinds sit at which level and under which parent,
 * who manages which part of the tree, how a unit's code and effective date must look, and how
 * a retired unit is described. The server (src/lib/server/org/units-admin/) applies them.
 */
import { isCalendarDate } from '../vietnam-time.ts';

export const UNIT_KIND_SLUGS = ['tinh', 'thanh-pho', 'xa', 'phuong', 'dac-khu', 'co-quan'] as const;
export type UnitKindSlug = (typeof UNIT_KIND_SLUGS)[number];
export type UnitLevel = 'province' | 'commune' | 'office';

/** Whoever holds roles, as these rules read them (src/lib/auth/access.ts depends on this folder, not the reverse). */
export interface RoleHolder {
  roles: readonly { role: string; unitPath: string | null }[];
}

const hasRole = (user: RoleHolder | undefined, role: string) =>
  Boolean(user?.roles.some((grant) => grant.role === role));

/** The kind as an administrator reads and writes it (the import accepts these words too). */
export const UNIT_KIND_LABELS: Record<UnitKindSlug, string> = {
  tinh: 'Tỉnh',
  'thanh-pho': 'Thành phố',
  xa: 'Xã',
  phuong: 'Phường',
  'dac-khu': 'Đặc khu',
  'co-quan': 'Cơ quan, phòng ban',
};

/** The level each kind sits at. */
export function levelOfKind(kind: UnitKindSlug): UnitLevel {
  if (kind === 'tinh' || kind === 'thanh-pho') return 'province';
  if (kind === 'co-quan') return 'office';
  return 'commune';
}

/** The level a unit's parent must have: none for a province, a province for a commune, a commune for an office. */
export function parentLevelOf(level: UnitLevel): UnitLevel | null {
  if (level === 'province') return null;
  return level === 'commune' ? 'province' : 'commune';
}

/** Kinds allowed at a level. */
export function kindsAtLevel(level: UnitLevel): UnitKindSlug[] {
  return UNIT_KIND_SLUGS.filter((kind) => levelOfKind(kind) === level);
}

/**
 * The subtrees a user may restructure: the whole tree ("/") for a system administrator, the
 * province for a province administrator; a commune administrator manages no units.
 */
export function unitManagementPaths(user: RoleHolder | undefined): string[] {
  if (!user) return [];
  if (hasRole(user, 'system_admin')) return ['/'];
  return user.roles
    .filter((grant) => grant.role === 'province_admin' && grant.unitPath)
    .map((grant) => grant.unitPath!);
}

/** True when the user may create or change provinces (the system administrator only). */
export function managesProvinces(user: RoleHolder | undefined): boolean {
  return hasRole(user, 'system_admin');
}

/**
 * True when the user may change the unit at `path` (level `level`): inside their subtree, and a
 * province only for the system administrator (a province administrator manages what is under it).
 */
export function canManageUnit(user: RoleHolder | undefined, path: string, level: string): boolean {
  if (level === 'province') return managesProvinces(user);
  return unitManagementPaths(user).some((root) => path.startsWith(root));
}

/** Administrative codes: letters, digits, dot, dash, underscore; stored in upper case. */
export const UNIT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;

/** A code as stored: trimmed, upper case. */
export function normaliseUnitCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Earliest effective date accepted (the tree's history starts with the 2025 reorganisation's records). */
export const EARLIEST_EFFECTIVE_DATE = '2000-01-01';

/**
 * Why an effective date (YYYY-MM-DD) is refused, or null when it is fine. A change takes effect
 * when it is written (officials move, units retire, names, paths and scopes change at once), so
 * a date after `today` (Vietnam) would leave the screens and scopes disagreeing with the
 * indicators until that day: a decision taken for a later date is recorded on that date.
 */
export function effectiveDateProblem(date: string, today: string): string | null {
  if (!isCalendarDate(date)) return 'Ngày có hiệu lực không hợp lệ. Hãy chọn một ngày có thật, ví dụ 01/07/2025.';
  if (date < EARLIEST_EFFECTIVE_DATE) return 'Ngày có hiệu lực phải từ năm 2000 trở đi.';
  if (date > today)
    return `Ngày hiệu lực không được sau hôm nay: ${shownDate(date)} chưa đến. Nếu quyết định có hiệu lực từ một ngày sau này, hãy ghi nhận thay đổi vào đúng ngày đó.`;
  return null;
}

/** "01/07/2025" for "2025-07-01". */
export function shownDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** How a retired unit is marked wherever it is listed; null while it exists. */
export function retiredLabel(
  unit: { retiredOn: string | null; successorId: string | null },
  successorName?: string,
): string | null {
  if (!unit.retiredOn) return null;
  if (unit.successorId) return `Đã hợp nhất vào ${successorName ?? 'đơn vị khác'} từ ${shownDate(unit.retiredOn)}`;
  return `Đã giải thể từ ${shownDate(unit.retiredOn)}`;
}

/** True when new work (imports, assignments, moves of officials) may target the unit. */
export function acceptsNewWork(unit: { retiredOn: string | null }): boolean {
  return unit.retiredOn === null;
}

/** Why new work may not target the unit (Vietnamese), or null when it may. */
export function newWorkRefusal(unit: {
  name: string;
  retiredOn: string | null;
  successorId: string | null;
}): string | null {
  if (acceptsNewWork(unit)) return null;
  const how = unit.successorId ? 'đã hợp nhất vào đơn vị khác' : 'đã giải thể';
  return `Đơn vị ${unit.name} ${how} từ ${shownDate(unit.retiredOn!)}; hãy chọn đơn vị đang hoạt động.`;
}
