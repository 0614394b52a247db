/**
 * The audit log as an administrator reads it: entries about units in their scope (a system
 * administrator also sees entries tied to no unit), newest first, filtered by action and dates.
 */
import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { apiTokens, auditLog, units, users } from '../../../../db/schema/index.ts';
import type { AuditAction } from '../../audit/actions.ts';
import { adminScopePaths } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { H5P_AUDIT_LABELS } from '../h5p/audit.ts';
import { pathInSubtrees } from '../org/scope.ts';

/** Vietnamese names of the actions, for the filter and the table. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  assign: 'Cử đi bồi dưỡng',
  'cancel-assignment': 'Hủy cử đi bồi dưỡng',
  'import-officials': 'Nhập danh sách cán bộ',
  'record-class': 'Ghi nhận lớp bồi dưỡng',
  'import-attendance': 'Nhập danh sách học viên lớp',
  'save-plan': 'Lưu kế hoạch bồi dưỡng',
  evaluate: 'Đánh giá sau bồi dưỡng',
  export: 'Xuất dữ liệu',
  'revoke-certificate': 'Thu hồi giấy chứng nhận',
  'resend-statement': 'Gửi lại bản ghi xAPI',
  'create-token': 'Tạo mã truy cập API',
  'revoke-token': 'Thu hồi mã truy cập API',
  'token-use': 'Hệ thống khác dùng mã API',
  'create-unit': 'Tạo đơn vị',
  'rename-unit': 'Đổi tên đơn vị',
  'move-unit': 'Chuyển đơn vị',
  'merge-units': 'Hợp nhất đơn vị',
  'split-unit': 'Chia tách đơn vị',
  'retire-unit': 'Giải thể đơn vị',
  'import-units': 'Nhập danh sách đơn vị',
  'grant-role': 'Cấp vai trò',
  'revoke-role': 'Thu hồi vai trò',
  'issue-activation-codes': 'Phát mã kích hoạt tài khoản',
  'configure-sso': 'Cấu hình đăng nhập một lần (SSO)',
  'set-targets': 'Đặt chỉ tiêu theo kế hoạch của tỉnh',
  'recognise-programme': 'Ghi nhận chương trình bồi dưỡng theo quyết định',
  'unrecognise-programme': 'Bỏ ghi nhận chương trình bồi dưỡng',
  ...H5P_AUDIT_LABELS,
};

export interface AuditFilter {
  action: AuditAction | null;
  /** Bounds in ms, end exclusive. */
  from: number | null;
  to: number | null;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: AuditAction;
  actorName: string | null;
  tokenName: string | null;
  unitName: string | null;
  target: string;
  details: Record<string, unknown> | null;
}

function scopeCondition(user: SessionUser): SQL {
  const paths = adminScopePaths(user);
  // The whole tree also takes entries tied to no unit (their joined path is null).
  if (paths.includes('/')) return sql`1`;
  return pathInSubtrees(paths) ?? sql`0`;
}

/** One page of the log in the administrator's scope, and the number of matching entries. */
export async function auditEntriesInScope(
  db: Database,
  user: SessionUser,
  filter: AuditFilter,
  offset: number,
  limit: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  const conditions: SQL[] = [scopeCondition(user)];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from !== null) conditions.push(gte(auditLog.at, new Date(filter.from)));
  if (filter.to !== null) conditions.push(lt(auditLog.at, new Date(filter.to)));
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        actorName: users.displayName,
        tokenName: apiTokens.name,
        unitName: units.name,
        target: auditLog.target,
        details: auditLog.details,
      })
      .from(auditLog)
      .leftJoin(units, eq(units.id, auditLog.unitId))
      .leftJoin(users, eq(users.id, auditLog.userId))
      .leftJoin(apiTokens, eq(apiTokens.id, auditLog.tokenId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(auditLog).leftJoin(units, eq(units.id, auditLog.unitId)).where(where),
  ]);
  return { rows, total };
}
