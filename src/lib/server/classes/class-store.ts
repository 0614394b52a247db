/**
 * Classes and their attendees, always looked up through the administrator's scope: a class
 * belongs to the scope of its unit, and a class or official outside it is simply not found.
 * Every write is one transaction together with its audit entry.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  classAttendances,
  officials,
  roleGrants,
  trainingClasses,
  units,
  users,
  type TrainingClass,
  type Unit,
} from '../../../../db/schema/index.ts';
import { adminScopePaths } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { pathInSubtrees, unitInScopeCondition } from '../org/scope.ts';
import type { AttendanceInput, OfficialsByCode } from '../../classes/attendance-rows.ts';
import { enrolledDetailsProblem, resultTooEarly } from '../../classes/result-timing.ts';
import { todayInVietnam } from '../../vietnam-time.ts';

/** What an administrator enters for a class. */
export type ClassInput = Omit<TrainingClass, 'id' | 'createdBy' | 'createdAt' | 'instructorUserId' | 'field'> & {
  instructorUserId?: string | null;
  /** Field of work (indicator 3 counts only a class with the official's own field). */
  field?: string | null;
};

/** A class with its unit's name and how many attendees are recorded. */
export interface ClassSummary {
  trainingClass: TrainingClass;
  unitName: string;
  attendees: number;
}

/** The classes of the user's scope, most recent first; attendees counted only within the scope. */
export async function classesInScope(user: SessionUser): Promise<ClassSummary[]> {
  const scope = unitInScopeCondition(user);
  // A province administrator may have put an official of another commune in a commune's class.
  const attendeeInScope = pathInSubtrees(adminScopePaths(user), sql`attendee_unit.path`);
  if (!scope || !attendeeInScope) return [];
  const rows = await getDb()
    .select({
      trainingClass: trainingClasses,
      unitName: units.name,
      attendees: sql<number>`(select count(*) from ${classAttendances} join ${officials} on ${officials.id} = ${classAttendances.officialId} join ${units} attendee_unit on attendee_unit.id = ${officials.unitId} where ${classAttendances.classId} = ${trainingClasses.id} and (${attendeeInScope}))`,
    })
    .from(trainingClasses)
    .innerJoin(units, eq(units.id, trainingClasses.unitId))
    .where(scope)
    .orderBy(desc(trainingClasses.startsOn), desc(trainingClasses.createdAt))
    .limit(500);
  return rows.map((row) => ({ ...row, attendees: Number(row.attendees) }));
}

/** The class with this id and its unit, if the user administers that unit. */
export async function findClassInScope(
  user: SessionUser,
  classId: string,
): Promise<{ trainingClass: TrainingClass; unit: Unit } | undefined> {
  const scope = unitInScopeCondition(user);
  if (!scope) return undefined;
  const [row] = await getDb()
    .select({ trainingClass: trainingClasses, unit: units })
    .from(trainingClasses)
    .innerJoin(units, eq(units.id, trainingClasses.unitId))
    .where(and(eq(trainingClasses.id, classId), scope))
    .limit(1);
  return row;
}

/** Records a class in a unit the caller has already found in scope; returns its id. */
export async function createClass(user: SessionUser, input: ClassInput): Promise<string> {
  const id = newId();
  await getDb().transaction(async (tx) => {
    await tx.insert(trainingClasses).values({ ...input, id, createdBy: user.id });
    await recordAudit(tx, {
      action: 'record-class',
      userId: user.id,
      unitId: input.unitId,
      target: `class:${id}`,
      details: { content: input.content, kind: input.kind, instructor: input.instructorUserId ?? null },
    });
  });
  return id;
}

/**
 * The attendees of a class with their names, by staff code: only those the user administers
 * (a province administrator may have put an official of another commune in a commune's class).
 */
export async function attendeesOf(user: SessionUser, classId: string) {
  const scope = unitInScopeCondition(user);
  if (!scope) return [];
  return getDb()
    .select({
      officialId: officials.id,
      staffCode: officials.staffCode,
      fullName: officials.fullName,
      result: classAttendances.result,
      score: classAttendances.score,
      certificateNumber: classAttendances.certificateNumber,
    })
    .from(classAttendances)
    .innerJoin(officials, eq(officials.id, classAttendances.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(eq(classAttendances.classId, classId), scope))
    .orderBy(asc(officials.staffCode));
}

/** Officials of the user's scope with these staff codes (upper case), for validating a list. */
export async function officialsByCodeInScope(user: SessionUser, codes: readonly string[]): Promise<OfficialsByCode> {
  const scope = unitInScopeCondition(user);
  const found = new Map<string, { id: string; fullName: string }>();
  if (!scope || codes.length === 0) return found;
  const unique = [...new Set(codes.map((code) => code.trim().toUpperCase()).filter(Boolean))];
  for (let start = 0; start < unique.length; start += 500) {
    const rows = await getDb()
      .select({ id: officials.id, staffCode: officials.staffCode, fullName: officials.fullName })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(inArray(officials.staffCode, unique.slice(start, start + 500)), scope));
    for (const row of rows) found.set(row.staffCode.toUpperCase(), { id: row.id, fullName: row.fullName });
  }
  return found;
}

/** Attendances the class's dates refuse (a final result before its last day): nothing was written. */
export class AttendanceRefused extends Error {}

/**
 * Records (or corrects) attendees of a class, all or none, with one audit entry: 'record-class'
 * for a hand entry, 'import-attendance' for a list. A final result before the class's last day
 * (result-timing.ts) refuses the whole write with AttendanceRefused, whatever the path; `today`
 * is the date in Vietnam (the demo history passes its own calendar's).
 */
export async function recordAttendances(
  user: SessionUser,
  trainingClass: TrainingClass,
  attendances: readonly AttendanceInput[],
  action: 'record-class' | 'import-attendance',
  today = todayInVietnam(),
): Promise<void> {
  for (const attendance of attendances) {
    const problem =
      resultTooEarly(attendance.result, trainingClass.endsOn, today) ??
      enrolledDetailsProblem(attendance.result, attendance.score, attendance.certificateNumber);
    if (problem) throw new AttendanceRefused(problem);
  }
  const recordedAt = new Date();
  await getDb().transaction(async (tx) => {
    for (const attendance of attendances) {
      const values = { ...attendance, classId: trainingClass.id, recordedBy: user.id, recordedAt };
      await tx
        .insert(classAttendances)
        .values(values)
        .onConflictDoUpdate({
          target: [classAttendances.classId, classAttendances.officialId],
          set: {
            result: values.result,
            score: values.score,
            certificateNumber: values.certificateNumber,
            recordedBy: user.id,
            recordedAt,
          },
        });
    }
    await recordAudit(tx, {
      action,
      userId: user.id,
      unitId: trainingClass.unitId,
      target: `class:${trainingClass.id}`,
      details: { attendees: attendances.length },
    });
  });
}

/** Accounts that may be given a class (giảng viên phụ trách): users with the instructor role, by name. */
export async function instructorChoices(): Promise<{ id: string; displayName: string; username: string }[]> {
  return getDb()
    .selectDistinct({ id: users.id, displayName: users.displayName, username: users.username })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(eq(roleGrants.role, 'instructor'))
    .orderBy(asc(users.displayName), asc(users.username));
}

/** True when the id is an instructor's account (an empty choice is checked by the caller). */
export async function isInstructorAccount(userId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ id: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'instructor')))
    .limit(1);
  return Boolean(row);
}

/** Gives a class (already found in scope) to an instructor, or to nobody with null; audited. */
export async function setClassInstructor(
  user: SessionUser,
  trainingClass: TrainingClass,
  instructorUserId: string | null,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.update(trainingClasses).set({ instructorUserId }).where(eq(trainingClasses.id, trainingClass.id));
    await recordAudit(tx, {
      action: 'record-class',
      userId: user.id,
      unitId: trainingClass.unitId,
      target: `class:${trainingClass.id}`,
      details: { instructor: instructorUserId, previousInstructor: trainingClass.instructorUserId },
    });
  });
}
