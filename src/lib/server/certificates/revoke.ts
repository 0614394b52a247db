/**
 * Revoking a certificate (thu hồi): an administrator of the unit it was issued in records who,
 * when and why. One conditional UPDATE does it, so the scope and "not revoked yet" are checked in
 * the same statement that writes; the verification page shows the revocation from then on.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { certificates } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { enqueueRevocationStatement } from '../xapi/record-facts.ts';
import { certificateInScopeCondition, findCertificateInScope } from './records.ts';

/** What became of a revocation. */
export type RevokeOutcome = 'revoked' | 'not-found' | 'already-revoked';

/** Revokes certificate `id` with `reason` if `user` administers its unit and it is still valid. */
export async function revokeCertificate(
  db: Database,
  user: SessionUser,
  id: string,
  reason: string,
  now = new Date(),
): Promise<RevokeOutcome> {
  const scope = certificateInScopeCondition(user);
  if (!scope) return 'not-found';
  // The revocation, its xAPI statement and its audit entry commit together.
  const updated = await db.transaction(async (tx) => {
    const rows = await tx
      .update(certificates)
      .set({ revokedAt: now, revokedBy: user.id, revokeReason: reason })
      .where(and(eq(certificates.id, id), isNull(certificates.revokedAt), scope))
      .returning();
    const row = rows[0];
    if (row) {
      await enqueueRevocationStatement(tx, row);
      await recordAudit(tx, {
        action: 'revoke-certificate',
        userId: user.id,
        unitId: row.unitId,
        target: `certificate:${row.code}`,
        details: { reason },
        at: now,
      });
    }
    return rows;
  });
  if (updated.length > 0) return 'revoked';
  return (await findCertificateInScope(db, user, id)) ? 'already-revoked' : 'not-found';
}
