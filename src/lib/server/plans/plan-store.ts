/**
 * Training plans, read and written through the administrator's scope: a plan belongs to the
 * scope of its unit. Saving replaces the plan's rows as a whole, in one transaction with its
 * audit entry, so a plan is never half saved.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { trainingPlanItems, trainingPlans, units, type TrainingPlan, type Unit } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { unitInScopeCondition } from '../org/scope.ts';
import type { PlanItem } from '../../plans/plan-sheet.ts';

/** The plans of the user's scope with their unit names, newest period first. */
export async function plansInScope(user: SessionUser): Promise<{ plan: TrainingPlan; unitName: string }[]> {
  const scope = unitInScopeCondition(user);
  if (!scope) return [];
  return getDb()
    .select({ plan: trainingPlans, unitName: units.name })
    .from(trainingPlans)
    .innerJoin(units, eq(units.id, trainingPlans.unitId))
    .where(scope)
    .orderBy(desc(trainingPlans.period), asc(units.name))
    .limit(500);
}

/** The plan with this id, its unit and rows, if the user administers the unit. */
export async function findPlanInScope(
  user: SessionUser,
  planId: string,
): Promise<{ plan: TrainingPlan; unit: Unit; items: PlanItem[] } | undefined> {
  const scope = unitInScopeCondition(user);
  if (!scope) return undefined;
  const [row] = await getDb()
    .select({ plan: trainingPlans, unit: units })
    .from(trainingPlans)
    .innerJoin(units, eq(units.id, trainingPlans.unitId))
    .where(and(eq(trainingPlans.id, planId), scope))
    .limit(1);
  if (!row) return undefined;
  const items = await getDb()
    .select()
    .from(trainingPlanItems)
    .where(eq(trainingPlanItems.planId, planId))
    .orderBy(asc(trainingPlanItems.position));
  return { ...row, items: items.map(({ planId: _plan, position: _position, ...item }) => item) };
}

/** The plan's heading fields. */
export interface PlanHeading {
  span: TrainingPlan['span'];
  period: string;
  title: string;
}

/** The id of the plan of this unit and period, if one exists. */
export async function planIdFor(unitId: string, period: string): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ id: trainingPlans.id })
    .from(trainingPlans)
    .where(and(eq(trainingPlans.unitId, unitId), eq(trainingPlans.period, period)))
    .limit(1);
  return row?.id;
}

/**
 * Creates (planId undefined) or replaces a plan of a unit already found in scope; returns its id.
 * Returns undefined when another plan of the unit already covers that period.
 */
export async function savePlan(
  user: SessionUser,
  unit: Unit,
  planId: string | undefined,
  heading: PlanHeading,
  items: readonly PlanItem[],
): Promise<string | undefined> {
  const existing = await planIdFor(unit.id, heading.period);
  if (existing && existing !== planId) return undefined;
  const id = planId ?? newId();
  await getDb().transaction(async (tx) => {
    if (planId) {
      await tx
        .update(trainingPlans)
        .set({ ...heading, updatedBy: user.id, updatedAt: new Date() })
        .where(eq(trainingPlans.id, planId));
      await tx.delete(trainingPlanItems).where(eq(trainingPlanItems.planId, planId));
    } else {
      await tx
        .insert(trainingPlans)
        .values({ id, unitId: unit.id, ...heading, updatedBy: user.id, updatedAt: new Date() });
    }
    if (items.length)
      await tx
        .insert(trainingPlanItems)
        .values(items.map((item, index) => ({ ...item, planId: id, position: index + 1 })));
    await recordAudit(tx, {
      action: 'save-plan',
      userId: user.id,
      unitId: unit.id,
      target: `plan:${id}`,
      details: { period: heading.period, rows: items.length },
    });
  });
  return id;
}

/** Writes the audit entry of an export. */
export async function auditExport(
  user: SessionUser,
  unitId: string,
  target: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(getDb(), { action: 'export', userId: user.id, unitId, target, details });
}
