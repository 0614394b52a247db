/**
 * The yearly training report of a unit (báo cáo kết quả bồi dưỡng năm), as plain data: what a
 * commune or province sends up each year (before 10 December or on 5 November in the plans).
 * Every Decision 700 figure comes from the indicators module (indicatorSummary, for the year and
 * for the phase up to the end of the year); trainings by kind from the training records; the
 * rest (evaluation averages, classes, the year's plan) from small queries of their own tables.
 * Officials are placed in the unit they belonged to at the year's end (src/lib/indicators/
 * placement.ts), in every section that counts officials; classes belong to the unit that held them.
 * Callers check the unit is in the administrator's scope first. Formatting lives elsewhere
 * (yearly-report-tables.ts and the XLSX/PDF writers).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  effectivenessEvaluations,
  officials,
  trainingPlanItems,
  trainingPlans,
  units,
  type Unit,
} from '../../../../db/schema/index.ts';
import type { FundingSource } from '../../classes/vocabulary.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { scopedView } from '../../auth/access.ts';
import { getDb } from '../db.ts';
import {
  INDICATOR_DEFINITIONS,
  indicatorSummary,
  parsePeriod,
  type IndicatorKey,
  type Period,
  type Share,
} from '../indicators/index.ts';
import { INDICATOR_KEYS } from '../../indicators/compute.ts';
import { yearStart } from '../../indicators/period.ts';
import { allTrainingRecords } from '../api-tokens/training-records.ts';
import { courseFacts } from '../records/course-facts.ts';
import { unitAtEndSql } from '../records/placement-sql.ts';
import { CLASS_HOURS_BASIS } from '../records/training-records.ts';
import { vietnamDate } from '../../vietnam-time.ts';
import { overdueAssignmentsInScope } from '../assignments/queries.ts';
import { pathInSubtree } from '../org/scope.ts';
import { EVALUATION_CRITERIA, type EvaluationCriterionKey } from '../../evaluations/criteria.ts';
import { TRAINING_KINDS } from '../../../schemas/vocabulary.ts';

/** Years a report can be made for: those of the scheme. */
export const REPORT_YEARS = [2026, 2027, 2028, 2029, 2030, 2031] as const;

/** The year a report is asked for, or undefined for anything else ("2025", "abc"). */
export function parseReportYear(text: string | null | undefined): number | undefined {
  if (!text || !/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return (REPORT_YEARS as readonly number[]).includes(year) ? year : undefined;
}

/** One indicator's share, without the officials' ids. */
export interface ShareFigures {
  numerator: number;
  denominator: number;
  /** 0–100, or null when nobody is counted. */
  percent: number | null;
}

/** An indicator for the year and for the phase up to the year's end. */
export interface IndicatorLine {
  key: IndicatorKey;
  title: string;
  year: ShareFigures;
  phaseToDate: ShareFigures;
  /** Target percent of the phase. */
  target: number;
  definition: { numerator: string; denominator: string; period: string; target: string };
}

/** Trainings completed in the year, of one kind. */
export interface KindLine {
  kind: string;
  label: string;
  /** Online course completions (revoked certificates left out). */
  online: number;
  /** In-person or blended class attendances with the result "hoàn thành". */
  inPerson: number;
  /** Hours of those trainings, summed over people. */
  hours: number;
}

/**
 * Hours credited in the year by one source: an online course (its credited hours per completion and
 * where they come from, src/lib/credited-hours.ts) or the in-person classes together. The lines'
 * hours add up to the hours of trainingsByKind.
 */
export interface HoursLine {
  /** Course id, or null for the classes. */
  courseId: string | null;
  title: string;
  /** Completions or attendances counted. */
  count: number;
  /** Hours each online completion credits; null for the classes (each class has its own). */
  hoursEach: number | null;
  basis: string;
  hours: number;
}

export interface CourseLine {
  courseId: string;
  title: string;
  completions: number;
  finalAttempts: number;
  passRate: number | null;
  averageScore: number | null;
}

export interface SubUnitLine {
  name: string;
  code: string;
  officials: number;
  shares: Record<IndicatorKey, ShareFigures>;
}

export interface FundingLine {
  source: FundingSource;
  classes: number;
  attendances: number;
  completed: number;
  /** Hours of the classes (not multiplied by people). */
  hours: number;
}

/** The unit's plan for the year against what was done. */
export interface PlanComparison {
  title: string;
  plannedClasses: number;
  plannedPeople: number;
  /** Planned funding in million đồng, by source. */
  funds: { province: number; central: number; scheme: number; other: number };
}

/** Everything the yearly report shows. */
export interface YearlyReport {
  unit: { id: string; code: string; name: string; level: string };
  /** The unit above, named in the issuer block ("TỈNH SÔNG LAM" over "XÃ QUẢNG LỢI"). */
  parentName: string | null;
  year: number;
  yearLabel: string;
  /** "2026–2028": the phase the year belongs to. */
  phase: string;
  phaseLabel: string;
  generatedAt: Date;
  headcount: { officials: number; flagged: number; professional: number };
  indicators: IndicatorLine[];
  trainingsByKind: KindLine[];
  /** The same trainings' hours by course (and the classes), with where the hours come from. */
  hoursBySource: HoursLine[];
  courses: CourseLine[];
  completionsInYear: number;
  averageScore: number | null;
  subUnits: SubUnitLine[];
  evaluations: {
    /** Completions of the year already evaluated (the indicators' count). */
    done: number;
    /** Completions at least three months old still waiting, as of the report date. */
    due: number;
    /** Evaluations recorded during the year, and their average per criterion (1–5). */
    recorded: number;
    averages: { key: EvaluationCriterionKey; label: string; average: number | null }[];
  };
  /** Active assignments past their deadline without a completion, as of the report date. */
  overdueAssignments: number;
  classes: { held: number; attendances: number; completed: number; byFunding: FundingLine[] };
  plan: PlanComparison | null;
}

const figures = (share: Share): ShareFigures => ({
  numerator: share.numerator,
  denominator: share.denominator,
  percent: share.percent,
});

/** From the first day of the year's phase to the end of the year: the phase's cumulative figures. */
export function phaseToDate(year: number): Period {
  const phase = parsePeriod(String(year))!.phase;
  const first = Number(phase.slice(0, 4));
  return {
    key: phase,
    label: `Lũy kế giai đoạn ${phase.replace('-', '–')} ${first === year ? `(năm ${year})` : `(từ năm ${first} đến hết năm ${year})`}`,
    start: yearStart(first),
    end: yearStart(year + 1),
    phase,
  };
}

/** An administrator whose scope is exactly this unit: the assignments' own query then counts its subtree. */
function narrowedTo(user: SessionUser, unit: Unit): SessionUser {
  return scopedView(user, [unit.path]);
}

async function trainingsByKind(unit: Unit, period: Period): Promise<{ kinds: KindLine[]; hours: HoursLine[] }> {
  const courses = await courseFacts();
  const lines = new Map<string, KindLine>(
    TRAINING_KINDS.map((kind) => [kind.slug, { kind: kind.slug, label: kind.label, online: 0, inPerson: 0, hours: 0 }]),
  );
  const classes: HoursLine = {
    courseId: null,
    title: 'Lớp bồi dưỡng trực tiếp, kết hợp',
    count: 0,
    hoursEach: null,
    basis: CLASS_HOURS_BASIS,
    hours: 0,
  };
  const byCourse = new Map<string, HoursLine>();
  const query = {
    paths: [unit.path],
    filter: { unitId: null, from: period.start, to: period.end, kind: null },
    unitPath: null,
    courses,
  };
  for await (const batch of allTrainingRecords(getDb(), query)) {
    for (const record of batch) {
      const online = record.mode === 'truc-tuyen';
      // Same rules as the indicators: a revoked certificate's completion and an unfinished class do not count.
      if (online && record.certificate?.status === 'da-thu-hoi') continue;
      if (!online && record.result !== 'hoan-thanh') continue;
      let line = lines.get(record.kind);
      if (!line) {
        line = {
          kind: record.kind,
          label: record.kind || 'Khác (khóa học không còn trong danh mục)',
          online: 0,
          inPerson: 0,
          hours: 0,
        };
        lines.set(record.kind, line);
      }
      if (online) line.online += 1;
      else line.inPerson += 1;
      line.hours += record.hours ?? 0;
      let source = online ? byCourse.get(record.trainingId) : classes;
      if (!source) {
        source = {
          courseId: record.trainingId,
          title: record.title,
          count: 0,
          hoursEach: record.hours ?? 0,
          basis: record.hoursBasis,
          hours: 0,
        };
        byCourse.set(record.trainingId, source);
      }
      source.count += 1;
      source.hours += record.hours ?? 0;
    }
  }
  const hours = [...byCourse.values()].sort((a, b) => a.title.localeCompare(b.title, 'vi'));
  return { kinds: [...lines.values()], hours: classes.count > 0 ? [...hours, classes] : hours };
}

async function evaluationsRecorded(
  unit: Unit,
  period: Period,
): Promise<{ recorded: number; averages: YearlyReport['evaluations']['averages'] }> {
  const e = effectivenessEvaluations;
  const [row] = await getDb()
    .select({
      recorded: sql<number>`count(*)`,
      taskResults: sql<number | null>`avg(${e.taskResults})`,
      adviceQuality: sql<number | null>`avg(${e.adviceQuality})`,
      responsibility: sql<number | null>`avg(${e.responsibility})`,
      coordination: sql<number | null>`avg(${e.coordination})`,
      citizenSatisfaction: sql<number | null>`avg(${e.citizenSatisfaction})`,
    })
    .from(e)
    .leftJoin(officials, eq(officials.id, e.officialId))
    // The evaluated official where the year places them (placement.ts), like the indicators' count.
    .innerJoin(
      units,
      eq(
        units.id,
        sql`CASE WHEN ${officials.id} IS NULL THEN ${e.unitId} ELSE ${unitAtEndSql(sql`${officials.id}`, sql`${officials.unitId}`, period.end)} END`,
      ),
    )
    .where(
      and(pathInSubtree(unit.path), sql`${e.evaluatedAt} >= ${period.start}`, sql`${e.evaluatedAt} < ${period.end}`),
    );
  return {
    recorded: Number(row?.recorded ?? 0),
    averages: EVALUATION_CRITERIA.map((criterion) => {
      const value = row?.[criterion.key];
      return {
        key: criterion.key,
        label: criterion.label,
        average: value === null || value === undefined ? null : Number(value),
      };
    }),
  };
}

/** In-person and blended classes of the subtree whose last day falls in the year, by funding source. */
async function classesHeld(unit: Unit, year: number): Promise<YearlyReport['classes']> {
  const rows = await getDb().all<{
    funding: FundingLine['source'];
    classes: number;
    attendances: number;
    completed: number;
    hours: number;
  }>(sql`
    SELECT tc.funding AS funding, count(*) AS classes, sum(tc.hours) AS hours,
      coalesce(sum((SELECT count(*) FROM class_attendances a WHERE a.class_id = tc.id)), 0) AS attendances,
      coalesce(sum((SELECT count(*) FROM class_attendances a WHERE a.class_id = tc.id AND a.result = 'hoan-thanh')), 0) AS completed
    FROM training_classes tc JOIN units u ON u.id = tc.unit_id
    WHERE ${pathInSubtree(unit.path, sql`u.path`)} AND tc.ends_on >= ${`${year}-01-01`} AND tc.ends_on <= ${`${year}-12-31`}
    GROUP BY tc.funding`);
  const byFunding = (['ns-tinh', 'ns-tw', 'theo-de-an', 'khac-xhh'] as const).map((source) => {
    const row = rows.find((each) => each.funding === source);
    return {
      source,
      classes: Number(row?.classes ?? 0),
      attendances: Number(row?.attendances ?? 0),
      completed: Number(row?.completed ?? 0),
      hours: Number(row?.hours ?? 0),
    };
  });
  const sum = (key: 'classes' | 'attendances' | 'completed') => byFunding.reduce((total, line) => total + line[key], 0);
  return { held: sum('classes'), attendances: sum('attendances'), completed: sum('completed'), byFunding };
}

/** The unit's own plan for the year (kế hoạch năm), summed. */
async function planOfYear(unit: Unit, year: number): Promise<PlanComparison | null> {
  const db = getDb();
  const [plan] = await db
    .select()
    .from(trainingPlans)
    .where(and(eq(trainingPlans.unitId, unit.id), eq(trainingPlans.period, String(year))))
    .limit(1);
  if (!plan) return null;
  const items = await db
    .select()
    .from(trainingPlanItems)
    .where(eq(trainingPlanItems.planId, plan.id))
    .orderBy(asc(trainingPlanItems.position));
  const total = (pick: (item: (typeof items)[number]) => number) =>
    Math.round(items.reduce((sum, item) => sum + pick(item), 0) * 1000) / 1000;
  return {
    title: plan.title,
    plannedClasses: total((item) => item.classCount),
    plannedPeople: total((item) => item.peopleCount),
    funds: {
      province: total((item) => item.fundProvince),
      central: total((item) => item.fundCentral),
      scheme: total((item) => item.fundScheme),
      other: total((item) => item.fundOther),
    },
  };
}

/** The report of a unit (already found in the caller's scope) for a year of the scheme. */
export async function yearlyReport(
  user: SessionUser,
  unit: Unit,
  year: number,
  now = new Date(),
): Promise<YearlyReport | undefined> {
  const period = parsePeriod(String(year));
  if (!period) return undefined;
  const cumulative = phaseToDate(year);
  const [summary, phase, kinds, evaluations, classes, plan, overdue, parent] = await Promise.all([
    indicatorSummary(unit, period, now.getTime()),
    indicatorSummary(unit, cumulative, now.getTime()),
    trainingsByKind(unit, period),
    evaluationsRecorded(unit, period),
    classesHeld(unit, year),
    planOfYear(unit, year),
    overdueAssignmentsInScope(getDb(), narrowedTo(user, unit), vietnamDate(now)),
    unit.parentId
      ? getDb().select({ name: units.name }).from(units).where(eq(units.id, unit.parentId)).limit(1)
      : Promise.resolve([]),
  ]);
  const shares = summary.indicators.shares;
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level },
    parentName: parent[0]?.name ?? null,
    year,
    yearLabel: period.label,
    phase: cumulative.phase.replace('-', '–'),
    phaseLabel: cumulative.label,
    generatedAt: now,
    headcount: {
      officials: summary.indicators.officials,
      flagged: shares['underqualified-sent'].denominator,
      professional: shares['general-management'].denominator,
    },
    indicators: INDICATOR_KEYS.map((key) => {
      const definition = INDICATOR_DEFINITIONS[key];
      return {
        key,
        title: definition.title,
        year: figures(shares[key]),
        phaseToDate: figures(phase.indicators.shares[key]),
        target: shares[key].target,
        definition: {
          numerator: definition.numerator,
          denominator: definition.denominator,
          period: definition.period,
          target: definition.target,
        },
      };
    }),
    trainingsByKind: kinds.kinds,
    hoursBySource: kinds.hours,
    courses: summary.indicators.courses.map((course) => ({
      courseId: course.courseId,
      title: summary.courseTitles.get(course.courseId) ?? course.courseId,
      completions: course.completions,
      finalAttempts: course.finalAttempts,
      passRate: course.passRate,
      averageScore: course.averageScore,
    })),
    completionsInYear: summary.indicators.completionsInPeriod,
    averageScore: summary.indicators.averageScore,
    subUnits: summary.children.map((child) => ({
      name: child.unit.name,
      code: child.unit.code,
      officials: child.officials,
      shares: Object.fromEntries(INDICATOR_KEYS.map((key) => [key, figures(child.shares[key])])) as Record<
        IndicatorKey,
        ShareFigures
      >,
    })),
    evaluations: { done: summary.indicators.evaluationsDone, due: summary.indicators.evaluationsDue, ...evaluations },
    overdueAssignments: overdue.length,
    classes,
    plan,
  };
}
