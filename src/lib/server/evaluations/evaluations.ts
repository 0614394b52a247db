/**
 * Evaluations of effectiveness after training: the list of completions now due in an
 * administrator's scope, and recording one evaluation per completion with its audit entry in the
 * same transaction. The managing administrator is one whose scope holds the official's current unit.
 */
import { and, eq, sql } from 'drizzle-orm';
import {
  certificates,
  courseCompletions,
  effectivenessEvaluations,
  officials,
  units,
  users,
} from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { enqueueEvaluationStatement } from '../xapi/record-facts.ts';
import { getDb } from '../db.ts';
import { evaluationDueAt } from '../../indicators/compute.ts';
import { findOfficialInScope, unitInScopeCondition } from '../org/scope.ts';
import type { EvaluationCriterionKey } from '../../evaluations/criteria.ts';

/** A completion in scope, with its evaluation if done. */
export interface EvaluationItem {
  userId: string;
  courseId: string;
  officialId: string;
  staffCode: string;
  fullName: string;
  unitName: string;
  completedAt: Date;
  dueAt: Date;
  evaluatedAt: Date | null;
}

/** Ratings 1–5 per criterion, with a comment. */
export type EvaluationRatings = Record<EvaluationCriterionKey, number> & { comment: string };

// The indicators' rule (indicators/load.ts): a completion is void when its certificate was revoked and no valid one exists.
const VALID_CERTIFICATE_OR_NONE = sql`NOT (EXISTS (SELECT 1 FROM ${certificates} r WHERE r.user_id = ${courseCompletions.userId} AND r.course_id = ${courseCompletions.courseId} AND r.revoked_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM ${certificates} v WHERE v.user_id = ${courseCompletions.userId} AND v.course_id = ${courseCompletions.courseId} AND v.revoked_at IS NULL))`;

/** Completions of officials in the caller's scope, with their evaluation state (revoked ones left out). */
export async function evaluationItems(
  user: SessionUser,
  now = new Date(),
): Promise<{ due: EvaluationItem[]; upcoming: EvaluationItem[]; done: EvaluationItem[] }> {
  const scope = unitInScopeCondition(user);
  if (!scope) return { due: [], upcoming: [], done: [] };
  const rows = await getDb()
    .select({
      userId: courseCompletions.userId,
      courseId: courseCompletions.courseId,
      officialId: officials.id,
      staffCode: officials.staffCode,
      fullName: officials.fullName,
      unitName: units.name,
      completedAt: courseCompletions.completedAt,
      evaluatedAt: effectivenessEvaluations.evaluatedAt,
    })
    .from(courseCompletions)
    .innerJoin(users, eq(users.id, courseCompletions.userId))
    .innerJoin(officials, eq(officials.id, users.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .leftJoin(
      effectivenessEvaluations,
      and(
        eq(effectivenessEvaluations.userId, courseCompletions.userId),
        eq(effectivenessEvaluations.courseId, courseCompletions.courseId),
      ),
    )
    .where(and(scope, VALID_CERTIFICATE_OR_NONE))
    .orderBy(courseCompletions.completedAt);
  const items = rows.map((row) => ({
    ...row,
    dueAt: new Date(evaluationDueAt(row.completedAt.getTime())),
    evaluatedAt: row.evaluatedAt ?? null,
  }));
  return {
    due: items.filter((item) => !item.evaluatedAt && item.dueAt.getTime() <= now.getTime()),
    upcoming: items.filter((item) => !item.evaluatedAt && item.dueAt.getTime() > now.getTime()),
    done: items.filter((item) => item.evaluatedAt).sort((a, b) => b.evaluatedAt!.getTime() - a.evaluatedAt!.getTime()),
  };
}

/** One completion in the caller's scope, with its evaluation if any; undefined when not found. */
export async function evaluationSubject(user: SessionUser, learnerId: string, courseId: string) {
  const db = getDb();
  const [completion] = await db
    .select()
    .from(courseCompletions)
    .where(
      and(eq(courseCompletions.userId, learnerId), eq(courseCompletions.courseId, courseId), VALID_CERTIFICATE_OR_NONE),
    )
    .limit(1);
  if (!completion) return undefined;
  const [account] = await db
    .select({ officialId: users.officialId })
    .from(users)
    .where(eq(users.id, learnerId))
    .limit(1);
  if (!account?.officialId) return undefined;
  const found = await findOfficialInScope(user, account.officialId);
  if (!found) return undefined;
  const [evaluation] = await db
    .select()
    .from(effectivenessEvaluations)
    .where(and(eq(effectivenessEvaluations.userId, learnerId), eq(effectivenessEvaluations.courseId, courseId)))
    .limit(1);
  return {
    completion,
    official: found.official,
    unit: found.unit,
    evaluation,
    dueAt: new Date(evaluationDueAt(completion.completedAt.getTime())),
  };
}

export type RecordEvaluationOutcome = 'saved' | 'not-found' | 'not-due' | 'already-evaluated';

/** Records the evaluation of a completion: once, from three months after it, by an administrator of the official. */
export async function recordEvaluation(
  user: SessionUser,
  learnerId: string,
  courseId: string,
  ratings: EvaluationRatings,
  now = new Date(),
): Promise<RecordEvaluationOutcome> {
  // Nobody rates their own training: an evaluator or administrator is in their own unit's scope.
  if (learnerId === user.id) return 'not-found';
  const subject = await evaluationSubject(user, learnerId, courseId);
  if (!subject) return 'not-found';
  if (subject.evaluation) return 'already-evaluated';
  if (subject.dueAt.getTime() > now.getTime()) return 'not-due';
  return getDb().transaction(async (tx) => {
    const inserted = await tx
      .insert(effectivenessEvaluations)
      .values({
        userId: learnerId,
        courseId,
        officialId: subject.official.id,
        unitId: subject.unit.id,
        taskResults: ratings.taskResults,
        adviceQuality: ratings.adviceQuality,
        responsibility: ratings.responsibility,
        coordination: ratings.coordination,
        citizenSatisfaction: ratings.citizenSatisfaction,
        comment: ratings.comment,
        evaluatedBy: user.id,
        evaluatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ userId: effectivenessEvaluations.userId });
    if (inserted.length === 0) return 'already-evaluated' as const;
    await recordAudit(tx, {
      action: 'evaluate',
      userId: user.id,
      unitId: subject.unit.id,
      target: `evaluation:${learnerId}:${courseId}`,
      details: { officialId: subject.official.id, courseId, ratings: { ...ratings, comment: undefined } },
      at: now,
    });
    await enqueueEvaluationStatement(tx, { userId: learnerId, courseId, ...ratings, evaluatedAt: now });
    return 'saved' as const;
  });
}
