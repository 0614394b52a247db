/**
 * Sending officials to a course (cử đi bồi dưỡng) and cancelling such an assignment. Each is one
 * transaction with its one audit entry: all the officials are assigned, or none is.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { assignments, officials, units } from '../../../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { newId } from '../../ids.ts';
import { unitInScopeCondition } from '../org/scope.ts';
import { findTargets, type AssignmentTargets } from './targets.ts';

/** What the administrator asked for; course and deadline already validated by the caller. */
export interface AssignmentRequest {
  courseId: string;
  /** YYYY-MM-DD, in the future (see src/lib/assignments/deadline-rules.ts). */
  deadline: string;
  reason: string;
  targets: AssignmentTargets;
}

/** An official left out because they already have an active assignment to the course. */
export interface SkippedOfficial {
  staffCode: string;
  fullName: string;
}

export type AssignmentOutcome =
  { ok: true; assigned: number; skipped: SkippedOfficial[] } | { ok: false; reason: 'no-officials' };

/** Rows per INSERT statement (11 columns each, well under SQLite's variable limit). */
const INSERT_CHUNK = 500;

/**
 * Assigns the course to every official the targets reach inside the caller's scope, skipping
 * those already assigned to it; one transaction, one audit entry ('assign') with the counts.
 */
export async function assignTraining(
  db: Database,
  admin: SessionUser,
  request: AssignmentRequest,
  now = new Date(),
): Promise<AssignmentOutcome> {
  return db.transaction(async (tx) => {
    const reached = await findTargets(tx, admin, request.targets);
    if (reached.length === 0) return { ok: false, reason: 'no-officials' } as const;
    const already = new Set<string>();
    for (let start = 0; start < reached.length; start += INSERT_CHUNK) {
      const ids = reached.slice(start, start + INSERT_CHUNK).map((official) => official.id);
      const rows = await tx
        .select({ officialId: assignments.officialId })
        .from(assignments)
        .where(
          and(
            eq(assignments.courseId, request.courseId),
            isNull(assignments.cancelledAt),
            inArray(assignments.officialId, ids),
          ),
        );
      for (const row of rows) already.add(row.officialId);
    }
    const fresh = reached.filter((official) => !already.has(official.id));
    for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
      await tx.insert(assignments).values(
        fresh.slice(start, start + INSERT_CHUNK).map((official) => ({
          id: newId(),
          officialId: official.id,
          userId: official.userId,
          courseId: request.courseId,
          unitId: official.unitId,
          deadline: request.deadline,
          reason: request.reason,
          assignedBy: admin.id,
          assignedAt: now,
        })),
      );
    }
    const unitIds = new Set(reached.map((official) => official.unitId));
    const filter = request.targets.kind === 'filter' ? request.targets.filter : undefined;
    await recordAudit(tx, {
      action: 'assign',
      userId: admin.id,
      unitId:
        filter?.unitId ??
        (unitIds.size === 1 ? [...unitIds][0] : (admin.roles.find((grant) => grant.unitId)?.unitId ?? null)),
      target: `course:${request.courseId}`,
      details: {
        count: fresh.length,
        skipped: reached.length - fresh.length,
        deadline: request.deadline,
        reason: request.reason,
        ...(filter ? { filter } : { chosen: reached.length }),
      },
      at: now,
    });
    return {
      ok: true,
      assigned: fresh.length,
      skipped: reached
        .filter((official) => already.has(official.id))
        .map(({ staffCode, fullName }) => ({ staffCode, fullName })),
    } as const;
  });
}

/**
 * Cancels an active assignment of an official the caller administers (audit 'cancel-assignment').
 * False when there is no such assignment in scope: answer it as "not found".
 */
export async function cancelAssignment(
  db: Database,
  admin: SessionUser,
  assignmentId: string,
  now = new Date(),
): Promise<boolean> {
  const scope = unitInScopeCondition(admin);
  if (!scope) return false;
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({
        id: assignments.id,
        courseId: assignments.courseId,
        officialId: assignments.officialId,
        unitId: officials.unitId,
      })
      .from(assignments)
      .innerJoin(officials, eq(officials.id, assignments.officialId))
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(eq(assignments.id, assignmentId), isNull(assignments.cancelledAt), scope))
      .limit(1);
    if (!found) return false;
    await tx.update(assignments).set({ cancelledAt: now, cancelledBy: admin.id }).where(eq(assignments.id, found.id));
    await recordAudit(tx, {
      action: 'cancel-assignment',
      userId: admin.id,
      unitId: found.unitId,
      target: `assignment:${found.id}`,
      details: { courseId: found.courseId, officialId: found.officialId },
      at: now,
    });
    return true;
  });
}
