/**
 * The xAPI outbox as province and system administrators see it: counts by status, the latest
 * rows with their last error, and resending. A province administrator sees the rows of their
 * province's officials; a system administrator sees all. Anything else is "not found".
 */
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { xapiOutbox, type XapiOutboxRow } from '../../../../db/schema/xapi.ts';
import type { XapiStatus } from '../../xapi/outbox-states.ts';
import { hasRole } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { pathInSubtrees } from '../org/scope.ts';
import { idsOfPath } from '../../org/unit-tree.ts';

/** Rows shown on the page at most. */
export const RECENT_ROWS = 50;

/**
 * SQL condition for the rows `user` may see: everything for a system administrator, the
 * provinces of a province administrator; undefined when they may see none.
 */
export function outboxScopeCondition(user: SessionUser | undefined): SQL | undefined {
  if (!user) return undefined;
  if (hasRole(user, 'system_admin')) return sql`1 = 1`;
  const paths = user.roles
    .filter((grant) => grant.role === 'province_admin' && grant.unitPath)
    .map((grant) => grant.unitPath!);
  return pathInSubtrees(paths, xapiOutbox.unitPath);
}

/** True when `user` may open the xAPI page. */
export function mayManageXapi(user: SessionUser | undefined): boolean {
  return outboxScopeCondition(user) !== undefined;
}

/** How many statements are pending, delivered and failed in the user's scope. */
export async function outboxCounts(db: Database, user: SessionUser): Promise<Record<XapiStatus, number>> {
  const scope = outboxScopeCondition(user);
  const counts: Record<XapiStatus, number> = { pending: 0, delivered: 0, failed: 0 };
  if (!scope) return counts;
  const rows = await db
    .select({ status: xapiOutbox.status, total: count() })
    .from(xapiOutbox)
    .where(scope)
    .groupBy(xapiOutbox.status);
  for (const row of rows) counts[row.status] = row.total;
  return counts;
}

/** The latest rows in scope, newest first, optionally of one status. */
export async function recentOutboxRows(
  db: Database,
  user: SessionUser,
  status?: XapiStatus,
  limit = RECENT_ROWS,
): Promise<XapiOutboxRow[]> {
  const scope = outboxScopeCondition(user);
  if (!scope) return [];
  return db
    .select()
    .from(xapiOutbox)
    .where(status ? and(scope, eq(xapiOutbox.status, status)) : scope)
    .orderBy(desc(xapiOutbox.createdAt))
    .limit(limit);
}

/** What became of a resend. */
export type ResendOutcome = 'resent' | 'not-found' | 'already-delivered';

/**
 * Puts a failed (or waiting) statement back in the queue, due now with its attempts reset, and
 * records it in the audit log in the same transaction. A delivered statement is left as it is.
 */
export async function resendStatement(
  db: Database,
  user: SessionUser,
  statementId: string,
  now = new Date(),
): Promise<ResendOutcome> {
  const scope = outboxScopeCondition(user);
  if (!scope) return 'not-found';
  return db.transaction(async (tx): Promise<ResendOutcome> => {
    const [row] = await tx
      .select({
        status: xapiOutbox.status,
        factKind: xapiOutbox.factKind,
        unitPath: xapiOutbox.unitPath,
        attempts: xapiOutbox.attempts,
        lastError: xapiOutbox.lastError,
      })
      .from(xapiOutbox)
      .where(and(eq(xapiOutbox.statementId, statementId), scope))
      .limit(1);
    if (!row) return 'not-found';
    if (row.status === 'delivered') return 'already-delivered';
    await tx
      .update(xapiOutbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
      .where(and(eq(xapiOutbox.statementId, statementId), inArray(xapiOutbox.status, ['pending', 'failed'])));
    await recordAudit(tx, {
      action: 'resend-statement',
      userId: user.id,
      unitId: row.unitPath ? (idsOfPath(row.unitPath).at(-1) ?? null) : null,
      target: `xapi-statement:${statementId}`,
      details: { factKind: row.factKind, previousStatus: row.status, attempts: row.attempts, lastError: row.lastError },
      at: now,
    });
    return 'resent';
  });
}

/** Puts every failed statement in the user's scope back in the queue; returns how many. One audit entry. */
export async function resendAllFailed(db: Database, user: SessionUser, now = new Date()): Promise<number> {
  const scope = outboxScopeCondition(user);
  if (!scope) return 0;
  return db.transaction(async (tx) => {
    const resent = await tx
      .update(xapiOutbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
      .where(and(eq(xapiOutbox.status, 'failed'), scope))
      .returning({ statementId: xapiOutbox.statementId });
    if (resent.length > 0) {
      await recordAudit(tx, {
        action: 'resend-statement',
        userId: user.id,
        target: 'xapi-statements:failed',
        details: { count: resent.length },
        at: now,
      });
    }
    return resent.length;
  });
}
