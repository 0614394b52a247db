/**
 * Bulk writes for the commit, which holds the server's one thread while its transaction runs
 * (see commit.ts), so every statement saved counts: multi-row INSERTs prepared once per batch
 * size and filled through placeholders (drizzle builds a 500-row statement's SQL once), and
 * multi-row UPDATEs (WITH … VALUES … UPDATE … FROM) instead of one statement per row.
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { getDb } from '../db.ts';
import { chunks } from './preview.ts';

/** A write transaction of the server's database. */
export type WriteTransaction = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

interface PreparedRun {
  run(values: Record<string, unknown>): Promise<unknown>;
}

/** Inserts `rows` (all with the same keys, nulls written out) in batches of `batchSize`. */
export async function insertMany<TTable extends SQLiteTable>(
  tx: WriteTransaction,
  table: TTable,
  rows: readonly TTable['$inferInsert'][],
  batchSize: number,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const statements = new Map<number, PreparedRun>();
  for (const batch of chunks(rows, batchSize)) {
    let statement = statements.get(batch.length);
    if (!statement) {
      const template = batch.map((_, index) =>
        Object.fromEntries(columns.map((column) => [column, sql.placeholder(`${column}_${index}`)])),
      );
      // Placeholders stand for every value; drizzle encodes each through its column (JSON, booleans, dates).
      statement = tx
        .insert(table)
        .values(template as never)
        .prepare() as unknown as PreparedRun;
      statements.set(batch.length, statement);
    }
    const values: Record<string, unknown> = {};
    batch.forEach((row, index) => {
      for (const column of columns) values[`${column}_${index}`] = (row as Record<string, unknown>)[column];
    });
    await statement.run(values);
  }
}

/**
 * Updates many rows of `table`, each found by `key`, setting the same `columns` on each, in
 * statements of `batchSize` rows. Values are encoded through their columns (JSON, booleans, dates).
 */
export async function updateMany<
  TTable extends SQLiteTable,
  TKey extends keyof TTable['$inferSelect'] & string,
  TColumn extends keyof TTable['$inferSelect'] & string,
>(
  tx: WriteTransaction,
  table: TTable,
  key: TKey,
  columns: readonly TColumn[],
  rows: readonly Pick<TTable['$inferSelect'], TKey | TColumn>[],
  batchSize: number,
): Promise<void> {
  const all = getTableColumns(table) as Record<string, SQLiteColumn>;
  const names = [key, ...columns];
  const tableName = sql.identifier(getTableName(table));
  const valueNames = sql.join(
    names.map((name) => sql.identifier(`v_${all[name].name}`)),
    sql`, `,
  );
  const assignments = sql.join(
    columns.map((name) => sql`${sql.identifier(all[name].name)} = ${sql.identifier(`v_${all[name].name}`)}`),
    sql`, `,
  );
  for (const batch of chunks(rows, batchSize)) {
    const tuples: SQL[] = batch.map(
      (row) =>
        sql`(${sql.join(
          names.map((name) => sql`${all[name].mapToDriverValue((row as Record<string, unknown>)[name])}`),
          sql`, `,
        )})`,
    );
    await tx.run(
      sql`with "v"(${valueNames}) as (values ${sql.join(tuples, sql`, `)}) update ${tableName} set ${assignments} from "v" where ${tableName}.${sql.identifier(all[key].name)} = ${sql.identifier(`v_${all[key].name}`)}`,
    );
  }
}
