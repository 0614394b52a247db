/**
 * Reading assignments: those of the officials an administrator manages (their unit today, not
 * the unit at assignment: whoever manages the official now follows up), the overdue ones, and a
 * learner's own. "Completed" is one rule: a course completion of the official's account for
 * that course, at any time (course_completions).
 */
import { and, asc, eq, getTableName, isNull, lt, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { assignments, courseCompletions, officials, units, users } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { unitInScopeCondition } from '../org/scope.ts';
import { daysOverdue } from '../../assignments/deadline-rules.ts';

type Reader = Pick<Database, 'select'>;

/**
 * A column named with its table. Drizzle leaves the table out of column names in a select from a
 * single table, which inside the correlated subquery below would make `course_id = course_id`
 * compare the completion with itself.
 */
function qualified(table: Table, column: Column): SQL {
  return sql`${sql.identifier(getTableName(table))}.${sql.identifier(column.name)}`;
}

/** When the official behind the assignment first completed its course (ms), or null. */
const completedAtSql = sql<
  number | null
>`(select min(${qualified(courseCompletions, courseCompletions.completedAt)}) from ${courseCompletions} where ${qualified(courseCompletions, courseCompletions.courseId)} = ${qualified(assignments, assignments.courseId)} and ${qualified(courseCompletions, courseCompletions.userId)} in (select ${qualified(users, users.id)} from ${users} where ${qualified(users, users.officialId)} = ${qualified(assignments, assignments.officialId)}))`;

/** An active assignment as administrators list it. */
export interface ScopedAssignment {
  id: string;
  officialId: string;
  staffCode: string;
  fullName: string;
  unitId: string;
  unitName: string;
  courseId: string;
  deadline: string;
  reason: string;
  assignedAt: Date;
  completedAt: Date | null;
}

export interface AssignmentQuery {
  courseId?: string;
  /** Only those not completed whose deadline passed before this day (YYYY-MM-DD). */
  overdueOn?: string;
  limit?: number;
}

/** Active (not cancelled) assignments of officials in the caller's scope, earliest deadline first. */
export async function assignmentsInScope(
  reader: Reader,
  user: SessionUser,
  query: AssignmentQuery = {},
): Promise<ScopedAssignment[]> {
  const scope = unitInScopeCondition(user);
  if (!scope) return [];
  const conditions: (SQL | undefined)[] = [
    isNull(assignments.cancelledAt),
    scope,
    query.courseId ? eq(assignments.courseId, query.courseId) : undefined,
  ];
  if (query.overdueOn) conditions.push(lt(assignments.deadline, query.overdueOn), sql`${completedAtSql} is null`);
  const rows = await reader
    .select({
      id: assignments.id,
      officialId: assignments.officialId,
      staffCode: officials.staffCode,
      fullName: officials.fullName,
      unitId: officials.unitId,
      unitName: units.name,
      courseId: assignments.courseId,
      deadline: assignments.deadline,
      reason: assignments.reason,
      assignedAt: assignments.assignedAt,
      completedAt: completedAtSql,
    })
    .from(assignments)
    .innerJoin(officials, eq(officials.id, assignments.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(...conditions))
    .orderBy(asc(assignments.deadline), asc(officials.staffCode))
    .limit(query.limit ?? 10_000);
  return rows.map((row) => ({
    ...row,
    completedAt: row.completedAt === null ? null : new Date(Number(row.completedAt)),
  }));
}

/** An overdue assignment, with the days it is late. */
export interface OverdueAssignment extends ScopedAssignment {
  daysOverdue: number;
}

/** Assignments in scope whose deadline passed on `today` without a completion, most overdue first. */
export async function overdueAssignmentsInScope(
  reader: Reader,
  user: SessionUser,
  today: string,
  limit?: number,
): Promise<OverdueAssignment[]> {
  const rows = await assignmentsInScope(reader, user, { overdueOn: today, limit });
  return rows.map((row) => ({ ...row, daysOverdue: daysOverdue(row.deadline, today) }));
}

/** A learner's own active assignment. */
export interface OwnAssignment {
  id: string;
  courseId: string;
  deadline: string;
  reason: string;
  assignedAt: Date;
  completedAt: Date | null;
}

/** The active assignments of an official, earliest deadline first. */
export async function assignmentsOfOfficial(reader: Reader, officialId: string): Promise<OwnAssignment[]> {
  const rows = await reader
    .select({
      id: assignments.id,
      courseId: assignments.courseId,
      deadline: assignments.deadline,
      reason: assignments.reason,
      assignedAt: assignments.assignedAt,
      completedAt: completedAtSql,
    })
    .from(assignments)
    .where(and(eq(assignments.officialId, officialId), isNull(assignments.cancelledAt)))
    .orderBy(asc(assignments.deadline));
  return rows.map((row) => ({
    ...row,
    completedAt: row.completedAt === null ? null : new Date(Number(row.completedAt)),
  }));
}

/** Per course: active assignments of officials in scope, how many are completed, how many overdue on `today`. */
export interface AssignmentSummary {
  courseId: string;
  assigned: number;
  completed: number;
  overdue: number;
}

/** The per-course counts of the assignment page, in one grouped query. */
export async function assignmentSummaryInScope(
  reader: Reader,
  user: SessionUser,
  today: string,
): Promise<AssignmentSummary[]> {
  const scope = unitInScopeCondition(user);
  if (!scope) return [];
  const rows = await reader
    .select({
      courseId: assignments.courseId,
      assigned: sql<number>`count(*)`,
      completed: sql<number>`coalesce(sum(${completedAtSql} is not null), 0)`,
      overdue: sql<number>`coalesce(sum(${completedAtSql} is null and ${assignments.deadline} < ${today}), 0)`,
    })
    .from(assignments)
    .innerJoin(officials, eq(officials.id, assignments.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(isNull(assignments.cancelledAt), scope))
    .groupBy(assignments.courseId);
  return rows.map((row) => ({
    courseId: row.courseId,
    assigned: Number(row.assigned),
    completed: Number(row.completed),
    overdue: Number(row.overdue),
  }));
}
