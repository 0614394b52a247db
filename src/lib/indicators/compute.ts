/**
 * The Decision 700 indicators computed from plain rows, with no database: the loader
 * (src/lib/server/indicators/load.ts) reads the rows, and the recompute test checks these
 * functions against separate SQL. Each indicator is a (denominator fact, numerator fact) rule of
 * fact-bits.ts; this module decides each official's facts for a period (officialFacts).
 *
 * Rules (also shown on the dashboard, definitions.ts):
 * - Placement (placement.ts): an official counts in the unit they belonged to at the END of the
 *   period, if their record existed by then and is active. Group and position are also taken at
 *   the end of the period.
 * - Only real training counts: sample courses (`sample: true`) never count; a completion whose
 *   certificate was revoked does not count. A 'hoan-thanh' attendance of an in-person/blended
 *   class counts like an online completion of the class's kind (and field), on its last day.
 * - (1) Flagged "chưa đáp ứng yêu cầu chuyên môn" at any time in the period, the flag dated by its
 *   declared date ("Ngày xác định") → sent (cử đi) to specialized training when, before the
 *   period's end, assigned such a course (not cancelled by then), enrolled in such a class
 *   starting before then (any result), or having completed such a course.
 * - (2) Công chức chuyên môn who completed general state management within the period.
 * - (3) Every official who completed field or auxiliary-skill training in one of their OWN fields
 *   (position-fields.ts) within the period; a class without a recorded field counts for no field.
 * - (4) Leaders (groups cán bộ and lãnh đạo, quản lý) who completed a leaders' programme
 *   (qlnn-lanh-dao-quan-ly) within the period.
 * A cumulative period (period.ts) starts on 1/1/2026, so "within the period" means since 2026.
 */
import { isWithin } from '../org/unit-tree.ts';
import { monthKey, monthsOf, type Period } from './period.ts';
import { VIETNAM_OFFSET_MS, isCalendarDate, vietnamMidnight } from '../vietnam-time.ts';
import { unitAtEnd, valueAt } from './placement.ts';
import { ownFields } from './position-fields.ts';
import { SHARE_RULES, factBits, hasFact } from './fact-bits.ts';
import type { IndicatorKey, OfficialFacts } from './indicator-keys.ts';
import { DECISION_700_TARGETS, type TargetTable, targetFor } from './targets.ts';

export interface UnitRow {
  id: string;
  parentId: string | null;
  path: string;
  name: string;
  code: string;
  level: string;
}

export interface OfficialRow {
  id: string;
  staffCode: string;
  fullName: string;
  /** Current unit and group; the history below says what they were before. */
  unitId: string;
  group: string;
  /** Vị trí việc làm and recorded field slugs, current (history: changes 'jobPosition', 'fields'). */
  jobPosition?: string;
  fields?: readonly string[];
  underqualified: boolean;
  underqualifiedSince: string | null;
  active: boolean;
  createdAt: number;
}

/** An official_changes row for the fields that matter here: unitId, group, underqualified, jobPosition, fields. */
export interface ChangeRow {
  officialId: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedAt: number;
}

export interface CompletionRow {
  officialId: string;
  courseId: string;
  completedAt: number;
  scorePercent: number | null;
  /** True when the completion's certificate was revoked: the completion no longer counts. */
  revoked: boolean;
}

/** One official's attendance row of an in-person or blended class, whatever its result. */
export interface ClassAttendanceRow {
  officialId: string;
  kind: string;
  /** The class's field (training_classes.field), or null when none was recorded. */
  field: string | null;
  /** Midnight (Vietnam) of the class's first day. */
  startsAt: number;
  /** Midnight (Vietnam) of the class's last day: when a 'hoan-thanh' result counts. */
  completedAt: number;
  result: string;
}

export interface AssignmentRow {
  officialId: string;
  courseId: string;
  assignedAt: number;
  cancelledAt: number | null;
}

/** A submitted final-test attempt. */
export interface FinalAttemptRow {
  officialId: string;
  courseId: string;
  submittedAt: number;
  passed: boolean;
}

export interface EvaluationRow {
  officialId: string;
  courseId: string;
  evaluatedAt: number;
}

/** Everything the indicators are computed from. */
export interface IndicatorInput {
  units: UnitRow[];
  officials: OfficialRow[];
  changes: ChangeRow[];
  completions: CompletionRow[];
  assignments: AssignmentRow[];
  finalAttempts: FinalAttemptRow[];
  evaluations: EvaluationRow[];
  /** Attendance rows of in-person/blended classes, any result (indicators only). */
  classAttendances?: ClassAttendanceRow[];
  /** Training kind slug of each real course (src/schemas/vocabulary.ts TRAINING_KINDS); no sample course. */
  courseKinds: ReadonlyMap<string, string>;
  /** Field slugs of each real course (course.yaml `fields`). */
  courseFields?: ReadonlyMap<string, readonly string[]>;
  /** Sample courses (`sample: true`): none of their rows counts anywhere. */
  sampleCourses?: ReadonlySet<string>;
}

export { INDICATOR_KEYS, type IndicatorKey, type OfficialFacts } from './indicator-keys.ts';

/** A share with the officials behind it. */
export interface Share {
  key: IndicatorKey;
  numerator: number;
  denominator: number;
  /** Percent 0–100, or null when nobody is in the denominator. */
  percent: number | null;
  /** Target percent for the period (the province's, else Decision 700's). */
  target: number;
  /** Where the target comes from (plan, decision). */
  targetSource?: string;
  numeratorIds: string[];
  denominatorIds: string[];
}

/** One unit with its shares: a row of the drill-down table (children, or provinces). */
export interface ChildIndicators {
  unit: UnitRow;
  officials: number;
  shares: Record<IndicatorKey, Share>;
}

export interface CourseFigures {
  courseId: string;
  completions: number;
  averageScore: number | null;
  finalAttempts: number;
  passedAttempts: number;
  /** Passed / submitted final attempts in the period, percent; null without attempts. */
  passRate: number | null;
}

export interface UnitIndicators {
  unitId: string;
  period: Period;
  officials: number;
  shares: Record<IndicatorKey, Share>;
  courses: CourseFigures[];
  /** Completions counted in the period by month ("2026-03"). */
  completionsByMonth: { month: string; completions: number }[];
  completionsInPeriod: number;
  averageScore: number | null;
  /** Completions at least three months old without an evaluation, as of `now`. */
  evaluationsDue: number;
  evaluationsDone: number;
}

export const SPECIALIZED_KIND = 'chuyen-mon-chuyen-nganh';
export const GENERAL_KIND = 'kien-thuc-chung-qlnn';
export const LEADERSHIP_KIND = 'qlnn-lanh-dao-quan-ly';
export const FIELD_KINDS: ReadonlySet<string> = new Set(['tap-huan-nghiep-vu', 'ky-nang-bo-tro']);
export const PROFESSIONAL_GROUP = 'cong-chuc-chuyen-mon';
/**
 * Leaders for indicator 4: the elected cán bộ (Bí thư, Chủ tịch…) and công chức lãnh đạo, quản lý,
 * the "cán bộ, công chức lãnh đạo, quản lý" the plans send to the leaders' programme (001 §IV.2a,
 * 003 §III.1, III.2a).
 */
export const LEADER_GROUPS: ReadonlySet<string> = new Set(['can-bo', 'lanh-dao-quan-ly']);

/** Decision 700's target of each indicator for the first phase (the province's own ones: targets.ts). */
export const TARGETS: Record<IndicatorKey, number> = Object.fromEntries(
  Object.entries(DECISION_700_TARGETS['2026-2028']).map(([key, target]) => [key, target.percent]),
) as Record<IndicatorKey, number>;

const DAY = 86_400_000;
const dueByDay = new Map<number, number>();

/** The date three calendar months after an instant: when an evaluation becomes due. */
export function evaluationDueAt(completedAt: number): number {
  // Memoized per UTC day (the time of day carries over unchanged): tens of thousands of calls.
  const day = Math.floor(completedAt / DAY);
  let dueDay = dueByDay.get(day);
  if (dueDay === undefined) {
    const date = new Date(day * DAY);
    date.setUTCMonth(date.getUTCMonth() + 3);
    dueDay = date.getTime();
    dueByDay.set(day, dueDay);
  }
  return dueDay + (completedAt - day * DAY);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * When a flag value takes effect: a flag set with a declared date ("Ngày xác định", the value
 * official_changes keeps, see officials/change-record.ts flagValue) from midnight of that date;
 * a flag without a date, or a cleared one, when it was recorded.
 */
export function flagEffectiveAt(value: string | null, recordedAt: number): number {
  return value !== null && isCalendarDate(value) ? vietnamMidnight(value) : recordedAt;
}

/**
 * Whether an official is flagged at some instant of [start, end). The flag at an instant is the
 * value of the latest recorded change that has taken effect by then (declared dates may reach
 * back before earlier records); before any change took effect, the value before the first one;
 * without history, the current flag from its declared date.
 */
export function flaggedDuring(
  changes: readonly ChangeRow[] | undefined,
  current: { underqualified: boolean; underqualifiedSince: string | null },
  start: number,
  end: number,
): boolean {
  if (!changes || changes.length === 0) {
    if (!current.underqualified) return false;
    return flagEffectiveAt(current.underqualifiedSince ?? '', -Infinity) < end;
  }
  const recorded = [...changes].sort((a, b) => a.changedAt - b.changedAt);
  const effective = recorded.map((change) => flagEffectiveAt(change.newValue, change.changedAt));
  const flaggedAt = (at: number) => {
    for (let i = recorded.length - 1; i >= 0; i -= 1) if (effective[i]! <= at) return recorded[i]!.newValue !== null;
    return recorded[0]!.oldValue !== null;
  };
  if (flaggedAt(start)) return true;
  return effective.some((at) => at >= start && at < end && flaggedAt(at));
}

/** officials.fields as stored (a JSON array of slugs); anything else is no field. */
export function parseFields(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** Facts of every official counted in the period (active, recorded before its end). */
export function officialFacts(input: IndicatorInput, period: Period): OfficialFacts[] {
  const unitPaths = new Map(input.units.map((unit) => [unit.id, unit.path]));
  const samples = input.sampleCourses ?? new Set<string>();
  const changes = groupBy(input.changes, (change) => `${change.officialId}\n${change.field}`);
  const completions = groupBy(
    input.completions.filter((row) => !row.revoked && !samples.has(row.courseId)),
    (row) => row.officialId,
  );
  const assignments = groupBy(input.assignments, (row) => row.officialId);
  const classes = groupBy(input.classAttendances ?? [], (row) => row.officialId);
  const kindOf = (courseId: string) => input.courseKinds.get(courseId);
  const fieldsOf = (courseId: string) => input.courseFields?.get(courseId) ?? [];
  const within = (at: number) => at >= period.start && at < period.end;
  const facts: OfficialFacts[] = [];
  for (const official of input.officials) {
    if (!official.active || official.createdAt >= period.end) continue;
    const history = (field: string) => changes.get(`${official.id}\n${field}`);
    const unitId = unitAtEnd(official.unitId, history('unitId'), period.end);
    const unitPath = unitId ? unitPaths.get(unitId) : undefined;
    if (!unitId || !unitPath) continue;
    const group = valueAt(history('group'), period.end, official.group) ?? official.group;
    const position = valueAt(history('jobPosition'), period.end, official.jobPosition ?? '') ?? '';
    const recordedFields = history('fields')
      ? parseFields(valueAt(history('fields'), period.end, JSON.stringify(official.fields ?? [])))
      : (official.fields ?? []);
    const own = ownFields(position, recordedFields);
    const done = (completions.get(official.id) ?? []).map((row) => ({
      kind: kindOf(row.courseId),
      fields: fieldsOf(row.courseId),
      at: row.completedAt,
    }));
    const attended = classes.get(official.id) ?? [];
    for (const row of attended)
      if (row.result === 'hoan-thanh')
        done.push({ kind: row.kind, fields: row.field ? [row.field] : [], at: row.completedAt });
    const doneIn = done.filter((row) => within(row.at));
    const sentToSpecialized =
      done.some((row) => row.at < period.end && row.kind === SPECIALIZED_KIND) ||
      attended.some((row) => row.startsAt < period.end && row.kind === SPECIALIZED_KIND) ||
      (assignments.get(official.id) ?? []).some(
        (row) =>
          !samples.has(row.courseId) &&
          row.assignedAt < period.end &&
          (row.cancelledAt === null || row.cancelledAt >= period.end) &&
          kindOf(row.courseId) === SPECIALIZED_KIND,
      );
    const fieldDone = doneIn.filter((row) => FIELD_KINDS.has(row.kind ?? ''));
    facts.push({
      officialId: official.id,
      staffCode: official.staffCode,
      fullName: official.fullName,
      unitId,
      unitPath,
      group,
      flaggedInPeriod: flaggedDuring(history('underqualified'), official, period.start, period.end),
      sentToSpecialized,
      completedGeneral: doneIn.some((row) => row.kind === GENERAL_KIND),
      completedField: fieldDone.length > 0,
      completedOwnField: fieldDone.some((row) => row.fields.some((field) => own.has(field))),
      leader: LEADER_GROUPS.has(group),
      completedLeadership: doneIn.some((row) => row.kind === LEADERSHIP_KIND),
    });
  }
  return facts;
}

/**
 * Every share for the officials whose unit (at the period's end) lies under the path, counted
 * through the rules of fact-bits.ts; targets from the province's table (else Decision 700's).
 */
export function sharesFor(
  facts: readonly OfficialFacts[],
  unitPath: string,
  period?: Period,
  targets: TargetTable = [],
): Record<IndicatorKey, Share> {
  const inUnit = facts.filter((row) => isWithin(row.unitPath, unitPath));
  const bits = inUnit.map(factBits);
  const shares = {} as Record<IndicatorKey, Share>;
  for (const rule of SHARE_RULES) {
    const numeratorIds: string[] = [];
    const denominatorIds: string[] = [];
    inUnit.forEach((row, index) => {
      if (!hasFact(bits[index]!, rule.denominator)) return;
      denominatorIds.push(row.officialId);
      if (hasFact(bits[index]!, rule.numerator)) numeratorIds.push(row.officialId);
    });
    const target = period ? targetFor(targets, rule.key, period) : { percent: TARGETS[rule.key], source: '' };
    shares[rule.key] = {
      key: rule.key,
      numerator: numeratorIds.length,
      denominator: denominatorIds.length,
      percent: denominatorIds.length === 0 ? null : (numeratorIds.length / denominatorIds.length) * 100,
      target: target.percent,
      targetSource: target.source,
      numeratorIds,
      denominatorIds,
    };
  }
  return shares;
}

function average(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Every indicator for one unit's subtree and period; `facts` from officialFacts (reuse it for children). */
export function computeUnitIndicators(
  input: IndicatorInput,
  facts: readonly OfficialFacts[],
  unit: UnitRow,
  period: Period,
  now = Date.now(),
  targets: TargetTable = [],
): UnitIndicators {
  const inUnit = facts.filter((row) => isWithin(row.unitPath, unit.path));
  const members = new Set(inUnit.map((row) => row.officialId));
  const samples = input.sampleCourses ?? new Set<string>();
  const counted = input.completions.filter(
    (row) => !row.revoked && members.has(row.officialId) && !samples.has(row.courseId),
  );
  const inPeriod = counted.filter((row) => row.completedAt >= period.start && row.completedAt < period.end);
  const attempts = input.finalAttempts.filter(
    (row) =>
      members.has(row.officialId) &&
      !samples.has(row.courseId) &&
      row.submittedAt >= period.start &&
      row.submittedAt < period.end,
  );
  const courseIds = [
    ...new Set([...inPeriod.map((row) => row.courseId), ...attempts.map((row) => row.courseId)]),
  ].sort();
  const courses = courseIds.map((courseId): CourseFigures => {
    const done = inPeriod.filter((row) => row.courseId === courseId);
    const tried = attempts.filter((row) => row.courseId === courseId);
    const passed = tried.filter((row) => row.passed).length;
    return {
      courseId,
      completions: done.length,
      averageScore: average(done.flatMap((row) => (row.scorePercent === null ? [] : [row.scorePercent]))),
      finalAttempts: tried.length,
      passedAttempts: passed,
      passRate: tried.length === 0 ? null : (passed / tried.length) * 100,
    };
  });
  const byMonth = new Map(monthsOf(period).map((month) => [month, 0]));
  const monthOfDay = new Map<number, string>();
  for (const row of inPeriod) {
    const day = Math.floor((row.completedAt + VIETNAM_OFFSET_MS) / DAY);
    let month = monthOfDay.get(day);
    if (month === undefined) {
      month = monthKey(row.completedAt);
      monthOfDay.set(day, month);
    }
    byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
  }
  const evaluated = new Set(input.evaluations.map((row) => `${row.officialId}\n${row.courseId}`));
  const evaluationsDone = inPeriod.filter((row) => evaluated.has(`${row.officialId}\n${row.courseId}`)).length;
  const evaluationsDue = counted.filter(
    (row) => evaluationDueAt(row.completedAt) <= now && !evaluated.has(`${row.officialId}\n${row.courseId}`),
  ).length;
  return {
    unitId: unit.id,
    period,
    officials: inUnit.length,
    shares: sharesFor(inUnit, unit.path, period, targets),
    courses,
    completionsByMonth: [...byMonth].map(([month, completions]) => ({ month, completions })),
    completionsInPeriod: inPeriod.length,
    averageScore: average(inPeriod.flatMap((row) => (row.scorePercent === null ? [] : [row.scorePercent]))),
    evaluationsDue,
    evaluationsDone,
  };
}

/**
 * The shares of each direct child of a unit (or of each root for a national roll-up, with
 * parentPath "/"), from one set of facts grouped once by the child their unit lies under.
 * `targetsOf` gives each child's province targets (for a roll-up, each province its own).
 */
export function childShares(
  facts: readonly OfficialFacts[],
  parentPath: string,
  children: readonly UnitRow[],
  period?: Period,
  targetsOf: (unit: UnitRow) => TargetTable = () => [],
): ChildIndicators[] {
  const byChild = new Map<string, OfficialFacts[]>(children.map((unit) => [unit.id, []]));
  for (const row of facts) {
    if (!isWithin(row.unitPath, parentPath)) continue;
    const childId = row.unitPath.slice(parentPath.length, row.unitPath.indexOf('/', parentPath.length));
    byChild.get(childId)?.push(row);
  }
  return children.map((unit) => {
    const inUnit = byChild.get(unit.id)!;
    return { unit, officials: inUnit.length, shares: sharesFor(inUnit, unit.path, period, targetsOf(unit)) };
  });
}

/** The national roll-up: every province's shares. */
export function rollUp(
  facts: readonly OfficialFacts[],
  roots: readonly UnitRow[],
  period?: Period,
  targetsOf: (unit: UnitRow) => TargetTable = () => [],
): ChildIndicators[] {
  return childShares(facts, '/', roots, period, targetsOf);
}
