import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * The targets (chỉ tiêu) a province sets from its own plan, per indicator and period (a phase,
 * a year or a cumulative period such as "2026-2031"), with the plan they come from. Without a row
 * the dashboard shows Decision 700's (src/lib/indicators/targets.ts).
 */
export const indicatorTargets = sqliteTable(
  'indicator_targets',
  {
    provinceId: text('province_id')
      .notNull()
      .references(() => units.id),
    /** An IndicatorKey (src/lib/indicators/compute.ts). */
    indicator: text('indicator').notNull(),
    /** A period key of src/lib/indicators/period.ts. */
    periodKey: text('period_key').notNull(),
    percent: real('percent').notNull(),
    /** The plan the figure comes from: number, date, issuing body, section. */
    source: text('source').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.provinceId, table.indicator, table.periodKey] })],
);
