/**
 * The Decision 700 indicators computed from plain rows, with no database: the loader
 * (src/lib/server/indicators/load.ts) reads the rows, and the recompute test checks these
 * functions against separate SQL.
 *
 * Rules (also shown on the dashboard):
 * - An official counts for the unit they belonged to at the END of the period (official_changes
 *   history), if their record existed by then and is active; officials who moved count once, where
 *   they ended up. Group (công chức chuyên môn) is also taken at the end of the period.
 * - A completion whose certificate was revoked does not count. A 'hoan-thanh' attendance of an
 *   in-person/blended class counts for (1)–(3) like an online completion of the class's kind, on
 *   the class's last day (the other figures — courses, months, scores — are online only).
 * - (1) Flagged "chưa đáp ứng yêu cầu chuyên môn" at any time in the period → sent to
 *   specialized training (chuyên môn chuyên ngành) when assigned such a course (not cancelled
 *   before the period's end) or having completed one, at any time before the period's end.
 * - (2) Công chức chuyên môn who completed general state management (kiến thức chung QLNN)
 *   within the period. (3) Every official who completed field or auxiliary-skill training
 *   (tập huấn nghiệp vụ, kỹ năng bổ trợ) within the period.
 */
import { isWithin } from '../org/unit-tree.ts';
import { monthKey, monthsOf, type Period } from './period.ts';
import { VIETNAM_OFFSET_MS } from '../vietnam-time.ts';

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
  underqualified: boolean;
  underqualifiedSince: string | null;
  active: boolean;
  createdAt: number;
}

/** An official_changes row for the fields that matter here: unitId, group, underqualified. */
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

/** A 'hoan-thanh' attendance of an in-person or blended class: counts like an online completion of its kind. */
export interface ClassCompletionRow {
  officialId: string;
  kind: string;
  /** Midnight (Vietnam) of the class's last day. */
  completedAt: number;
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
  /** Completed in-person/blended classes (indicators 1–3 only). */
  classCompletions?: ClassCompletionRow[];
  /** Training kind slug of each course (src/schemas/vocabulary.ts TRAINING_KINDS). */
  courseKinds: ReadonlyMap<string, string>;
}

/** What the indicators need to know of one official, at the end of the period. */
export interface OfficialFacts {
  officialId: string;
  staffCode: string;
  fullName: string;
  unitId: string;
  unitPath: string;
  group: string;
  flaggedInPeriod: boolean;
  sentToSpecialized: boolean;
  completedGeneral: boolean;
  completedField: boolean;
}

export const INDICATOR_KEYS = ['underqualified-sent', 'general-management', 'field-skills'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** A share with the officials behind it. */
export interface Share {
  key: IndicatorKey;
  numerator: number;
  denominator: number;
  /** Percent 0–100, or null when nobody is in the denominator. */
  percent: number | null;
  /** Target percent for the period's phase. */
  target: number;
  numeratorIds: string[];
  denominatorIds: string[];
}

/** One unit with its three shares: a row of the drill-down table (children, or provinces). */
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
export const FIELD_KINDS: ReadonlySet<string> = new Set(['tap-huan-nghiep-vu', 'ky-nang-bo-tro']);
export const PROFESSIONAL_GROUP = 'cong-chuc-chuyen-mon';

/** Targets of each indicator (percent); the same in both phases for these three. */
export const TARGETS: Record<IndicatorKey, number> = {
  'underqualified-sent': 100,
  'general-management': 50,
  'field-skills': 100,
};

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
 * The value of a field at an instant: the old value of the first change at or after it, else
 * the current value. Changes must be sorted by time.
 */
function valueAt(changes: readonly ChangeRow[] | undefined, at: number, current: string | null): string | null {
  if (changes) for (const change of changes) if (change.changedAt >= at) return change.oldValue;
  return current;
}

/** Facts of every official counted in the period (active, recorded before its end). */
export function officialFacts(input: IndicatorInput, period: Period): OfficialFacts[] {
  const unitPaths = new Map(input.units.map((unit) => [unit.id, unit.path]));
  const changes = groupBy(
    [...input.changes].sort((a, b) => a.changedAt - b.changedAt),
    (change) => `${change.officialId}\n${change.field}`,
  );
  const completions = groupBy(
    input.completions.filter((row) => !row.revoked),
    (row) => row.officialId,
  );
  const assignments = groupBy(input.assignments, (row) => row.officialId);
  const classes = groupBy(input.classCompletions ?? [], (row) => row.officialId);
  const kindOf = (courseId: string) => input.courseKinds.get(courseId);
  const facts: OfficialFacts[] = [];
  for (const official of input.officials) {
    if (!official.active || official.createdAt >= period.end) continue;
    const unitId = valueAt(changes.get(`${official.id}\nunitId`), period.end, official.unitId);
    const unitPath = unitId ? unitPaths.get(unitId) : undefined;
    if (!unitId || !unitPath) continue;
    const group = valueAt(changes.get(`${official.id}\ngroup`), period.end, official.group) ?? official.group;
    const flagChanges = changes.get(`${official.id}\nunderqualified`);
    const currentFlag = official.underqualified ? (official.underqualifiedSince ?? '') : null;
    const flaggedAtStart = valueAt(flagChanges, period.start, currentFlag) !== null;
    const flaggedDuring = (flagChanges ?? []).some(
      (change) => change.changedAt >= period.start && change.changedAt < period.end && change.newValue !== null,
    );
    const own = completions.get(official.id) ?? [];
    const inPeriod = own.filter((row) => row.completedAt >= period.start && row.completedAt < period.end);
    const attended = classes.get(official.id) ?? [];
    const attendedInPeriod = attended.filter((row) => row.completedAt >= period.start && row.completedAt < period.end);
    const sentToSpecialized =
      own.some((row) => row.completedAt < period.end && kindOf(row.courseId) === SPECIALIZED_KIND) ||
      attended.some((row) => row.completedAt < period.end && row.kind === SPECIALIZED_KIND) ||
      (assignments.get(official.id) ?? []).some(
        (row) =>
          row.assignedAt < period.end &&
          (row.cancelledAt === null || row.cancelledAt >= period.end) &&
          kindOf(row.courseId) === SPECIALIZED_KIND,
      );
    facts.push({
      officialId: official.id,
      staffCode: official.staffCode,
      fullName: official.fullName,
      unitId,
      unitPath,
      group,
      flaggedInPeriod: flaggedAtStart || flaggedDuring,
      sentToSpecialized,
      completedGeneral:
        inPeriod.some((row) => kindOf(row.courseId) === GENERAL_KIND) ||
        attendedInPeriod.some((row) => row.kind === GENERAL_KIND),
      completedField:
        inPeriod.some((row) => FIELD_KINDS.has(kindOf(row.courseId) ?? '')) ||
        attendedInPeriod.some((row) => FIELD_KINDS.has(row.kind)),
    });
  }
  return facts;
}

function share(key: IndicatorKey, denominator: OfficialFacts[], counted: (facts: OfficialFacts) => boolean): Share {
  const numerator = denominator.filter(counted);
  return {
    key,
    numerator: numerator.length,
    denominator: denominator.length,
    percent: denominator.length === 0 ? null : (numerator.length / denominator.length) * 100,
    target: TARGETS[key],
    numeratorIds: numerator.map((facts) => facts.officialId),
    denominatorIds: denominator.map((facts) => facts.officialId),
  };
}

/** The three shares for the officials whose unit (at the period's end) lies under the path. */
export function sharesFor(facts: readonly OfficialFacts[], unitPath: string): Record<IndicatorKey, Share> {
  const inUnit = facts.filter((row) => isWithin(row.unitPath, unitPath));
  return {
    'underqualified-sent': share(
      'underqualified-sent',
      inUnit.filter((row) => row.flaggedInPeriod),
      (row) => row.sentToSpecialized,
    ),
    'general-management': share(
      'general-management',
      inUnit.filter((row) => row.group === PROFESSIONAL_GROUP),
      (row) => row.completedGeneral,
    ),
    'field-skills': share('field-skills', inUnit, (row) => row.completedField),
  };
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
): UnitIndicators {
  const inUnit = facts.filter((row) => isWithin(row.unitPath, unit.path));
  const members = new Set(inUnit.map((row) => row.officialId));
  const counted = input.completions.filter((row) => !row.revoked && members.has(row.officialId));
  const inPeriod = counted.filter((row) => row.completedAt >= period.start && row.completedAt < period.end);
  const attempts = input.finalAttempts.filter(
    (row) => members.has(row.officialId) && row.submittedAt >= period.start && row.submittedAt < period.end,
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
    shares: sharesFor(inUnit, unit.path),
    courses,
    completionsByMonth: [...byMonth].map(([month, completions]) => ({ month, completions })),
    completionsInPeriod: inPeriod.length,
    averageScore: average(inPeriod.flatMap((row) => (row.scorePercent === null ? [] : [row.scorePercent]))),
    evaluationsDue,
    evaluationsDone,
  };
}

/**
 * The three shares of each direct child of a unit (or of each root for a national roll-up, with
 * parentPath "/"), from one set of facts grouped once by the child their unit lies under.
 */
export function childShares(
  facts: readonly OfficialFacts[],
  parentPath: string,
  children: readonly UnitRow[],
): ChildIndicators[] {
  const byChild = new Map<string, OfficialFacts[]>(children.map((unit) => [unit.id, []]));
  for (const row of facts) {
    if (!isWithin(row.unitPath, parentPath)) continue;
    const childId = row.unitPath.slice(parentPath.length, row.unitPath.indexOf('/', parentPath.length));
    byChild.get(childId)?.push(row);
  }
  return children.map((unit) => {
    const inUnit = byChild.get(unit.id)!;
    return { unit, officials: inUnit.length, shares: sharesFor(inUnit, unit.path) };
  });
}

/** The national roll-up: every province's three shares. */
export function rollUp(facts: readonly OfficialFacts[], roots: readonly UnitRow[]): ChildIndicators[] {
  return childShares(facts, '/', roots);
}
