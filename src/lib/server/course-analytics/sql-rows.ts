/**
 * Raw SQL for the course statistics: every aggregate is computed by SQLite, and only the
 * aggregated rows come back to JavaScript.
 */
import type { InArgs } from '@libsql/client';
import { VIETNAM_OFFSET_SECONDS } from '../../vietnam-time.ts';
import { getDb } from '../db.ts';

/** Runs one read-only statement and returns its rows as plain objects. */
export async function rowsOf<T>(sql: string, args: InArgs = []): Promise<T[]> {
  const result = await getDb().$client.execute({ sql, args });
  return result.rows.map((row) => {
    const plain: Record<string, unknown> = {};
    result.columns.forEach((column, index) => {
      const value = row[index];
      plain[column] = typeof value === 'bigint' ? Number(value) : value;
    });
    return plain as T;
  });
}

/** The calendar month in Vietnam (UTC+7 all year, no daylight saving) of a millisecond column: "2026-03". */
export function vietnamMonth(column: string): string {
  return `strftime('%Y-%m', ${column} / 1000 + ${VIETNAM_OFFSET_SECONDS}, 'unixepoch')`;
}

/** Fewer learners than this in a group of free-text answers: not shown (they could be recognised). */
export const MIN_GROUP = 5;
