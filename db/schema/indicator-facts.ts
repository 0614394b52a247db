import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The Decision 700 indicators' facts per official (db/migrations/0012_indicator_facts.sql, kept
 * by src/lib/server/indicators/facts-store.ts in each write's transaction). The triggers that mark
 * officials dirty and move the province versions are in the migration only (drizzle has no triggers).
 */

/** One official in one stored period: their unit at the period's end and their fact bits (fact-bits.ts). */
export const officialFacts = sqliteTable(
  'official_facts',
  {
    officialId: text('official_id').notNull(),
    /** Period key (period.ts), e.g. "2026-2028" or "2027". */
    period: text('period').notNull(),
    /** Unit at the period's end; the path is joined at read time (unit moves change paths). */
    unitId: text('unit_id').notNull(),
    bits: integer('bits').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.officialId, table.period] }),
    index('official_facts_period_unit_idx').on(table.period, table.unitId, table.bits),
  ],
);

/**
 * The dashboard's other figures per counted official, period and course (unit at the period's end
 * first in the key, so a subtree is a few range scans): the counted completion, whether it was
 * evaluated, and the final attempts (and passes) within the period.
 */
export const officialFigures = sqliteTable(
  'official_figures',
  {
    period: text('period').notNull(),
    unitId: text('unit_id').notNull(),
    officialId: text('official_id').notNull(),
    courseId: text('course_id').notNull(),
    /** The counted (not revoked) completion, at any time; null when only attempts are kept. */
    completedAt: integer('completed_at'),
    scorePercent: real('score_percent'),
    evaluated: integer('evaluated').notNull(),
    attempts: integer('attempts').notNull(),
    passed: integer('passed').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.period, table.unitId, table.officialId, table.courseId] }),
    index('official_figures_due_idx')
      .on(table.period, table.unitId, table.completedAt)
      .where(sql`${table.evaluated} = 0 AND ${table.completedAt} IS NOT NULL`),
  ],
);

/** official_figures summed per unit and course: completions in the period, scores, evaluations, attempts. */
export const unitCourseFigures = sqliteTable(
  'unit_course_figures',
  {
    period: text('period').notNull(),
    unitId: text('unit_id').notNull(),
    courseId: text('course_id').notNull(),
    completions: integer('completions').notNull(),
    scoreSum: real('score_sum'),
    scoreCount: integer('score_count').notNull(),
    evaluated: integer('evaluated').notNull(),
    attempts: integer('attempts').notNull(),
    passed: integer('passed').notNull(),
  },
  (table) => [primaryKey({ columns: [table.period, table.unitId, table.courseId] })],
);

/** Completions in the period per unit and month (Vietnam time). */
export const unitMonthFigures = sqliteTable(
  'unit_month_figures',
  {
    period: text('period').notNull(),
    unitId: text('unit_id').notNull(),
    month: text('month').notNull(),
    completions: integer('completions').notNull(),
  },
  (table) => [primaryKey({ columns: [table.period, table.unitId, table.month] })],
);

/** Officials whose stored facts a write may have changed, until the write's transaction refreshes them. */
export const officialFactsDirty = sqliteTable('official_facts_dirty', {
  officialId: text('official_id').primaryKey(),
});

/** A data version per province (root unit): moves on every write its figures could see. */
export const indicatorProvinceVersion = sqliteTable('indicator_province_version', {
  provinceId: text('province_id').primaryKey(),
  version: integer('version').notNull(),
});

/** What the stored facts were computed with (JSON of course kinds and periods); null before the first build. */
export const indicatorFactsState = sqliteTable('indicator_facts_state', {
  id: integer('id').primaryKey(),
  basis: text('basis'),
});
