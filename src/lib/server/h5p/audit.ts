/**
 * The audit entries of H5P packages: every import, replacement, submission for review, approval,
 * rejection and deletion, written in the same transaction as the change.
 */
import type { Database } from '../../../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';

export type H5pAuditAction = 'h5p-import' | 'h5p-replace' | 'h5p-submit' | 'h5p-approve' | 'h5p-reject' | 'h5p-delete';

/** Vietnamese names, shown and filtered on the audit page. */
export const H5P_AUDIT_LABELS: Record<H5pAuditAction, string> = {
  'h5p-import': 'Nhập gói H5P mới',
  'h5p-replace': 'Thay gói H5P',
  'h5p-submit': 'Gửi phiên bản gói H5P chờ duyệt',
  'h5p-approve': 'Duyệt phiên bản gói H5P',
  'h5p-reject': 'Từ chối phiên bản gói H5P',
  'h5p-delete': 'Xóa gói H5P',
};

/** Records one H5P action; `unitId` is the package's unit (for the unit scope), so its administrators see it. */
export function recordH5pAudit(
  writer: Pick<Database, 'insert'>,
  entry: {
    action: H5pAuditAction;
    userId: string | null;
    packageId: string;
    unitId: string | null;
    details: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  return recordAudit(writer, {
    action: entry.action,
    userId: entry.userId,
    unitId: entry.unitId,
    target: `h5p:${entry.packageId}`,
    details: entry.details,
    at: entry.at,
  });
}
