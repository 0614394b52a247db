/**
 * The audit log of administrator actions. Written in the same transaction as the action when
 * there is one, so an action and its entry are never found one without the other.
 */
import { auditLog } from '../../../../db/schema/audit.ts';
import type { AuditAction } from '../../audit/actions.ts';
import type { Database } from '../../../../db/client.ts';

/** A database or an open transaction: anything drizzle can insert through. */
type Writer = Pick<Database, 'insert'>;

export interface AuditEntry {
  action: AuditAction;
  /** The administrator's user id; omit for an API token and give tokenId. */
  userId?: string | null;
  tokenId?: string | null;
  unitId?: string | null;
  target: string;
  details?: Record<string, unknown>;
  at?: Date;
}

export async function recordAudit(writer: Writer, entry: AuditEntry): Promise<void> {
  await writer.insert(auditLog).values({
    at: entry.at ?? new Date(),
    userId: entry.userId ?? null,
    tokenId: entry.tokenId ?? null,
    action: entry.action,
    unitId: entry.unitId ?? null,
    target: entry.target,
    details: entry.details ?? null,
  });
}
