/**
 * The database side of a backup: where a `file:` DATABASE_URL points, a consistent copy taken
 * with SQLite's online means (VACUUM INTO, through libSQL: one read transaction, so writers go on
 * and the copy is the database as of one instant; never a file copy of a live WAL database), and
 * the facts a manifest records and a restore checks (integrity, rows per table, migrations).
 */
import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';

/** Milliseconds the snapshot waits on a locked database (as the server's connections do). */
const BUSY_TIMEOUT_MS = 10_000;

/** The file of a `file:` database URL, relative paths taken from `root`; throws for any other URL. */
export function databaseFile(url: string, root: string): string {
  if (!url.startsWith('file:')) {
    throw new Error(
      `Sao lưu và khôi phục chỉ làm được với cơ sở dữ liệu dạng tệp (DATABASE_URL=file:…), không với "${url.split(':')[0]}:". Với máy chủ libSQL, hãy dùng cách sao lưu của máy chủ đó.`,
    );
  }
  const path = decodeURIComponent(
    url
      .slice('file:'.length)
      .split('?')[0]
      .replace(/^\/\/(?=\/)/, ''),
  );
  if (!path || path.startsWith(':memory:')) throw new Error('DATABASE_URL không chỉ tới một tệp cơ sở dữ liệu.');
  return isAbsolute(path) ? path : resolve(root, path);
}

function open(file: string): Client {
  return createClient({ url: `file:${file}`, timeout: BUSY_TIMEOUT_MS });
}

/** The companion files SQLite keeps beside a database file. */
export function companionFiles(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Writes a consistent copy of the live database `file` to `target` (which must not exist) and
 * makes it a single self-contained file (rollback journal, not WAL). Returns when the copy's
 * read transaction began, at the latest: every write committed before that is in the copy.
 */
export async function snapshotDatabase(file: string, target: string): Promise<Date> {
  if (!existsSync(file)) throw new Error(`Không thấy tệp cơ sở dữ liệu ${file}.`);
  const live = open(file);
  let at: Date;
  try {
    at = new Date();
    await live.execute({ sql: 'VACUUM INTO ?', args: [target] });
  } finally {
    live.close();
  }
  const copy = open(target);
  try {
    await copy.execute('PRAGMA journal_mode = DELETE');
  } finally {
    copy.close();
  }
  for (const companion of companionFiles(target)) rmSync(companion, { force: true });
  return at;
}

export interface DatabaseFacts {
  /** "ok", or the first problems PRAGMA integrity_check found. */
  integrity: string[];
  sqliteVersion: string;
  tables: Record<string, number>;
  migrations: { count: number; lastId: number | null; lastHash: string | null; lastCreatedAt: number | null };
}

/** Integrity, rows per table and applied migrations of a database file (read only). */
export async function databaseFacts(file: string): Promise<DatabaseFacts> {
  const client = open(file);
  try {
    const integrity = (await client.execute('PRAGMA integrity_check(20)')).rows.map((row) => String(row[0]));
    const sqliteVersion = String((await client.execute('SELECT sqlite_version()')).rows[0][0]);
    const names = (
      await client.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
    ).rows.map((row) => String(row[0]));
    const tables: Record<string, number> = {};
    for (const name of names)
      tables[name] = Number((await client.execute(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`)).rows[0][0]);
    let migrations: DatabaseFacts['migrations'] = { count: 0, lastId: null, lastHash: null, lastCreatedAt: null };
    if (names.includes('__drizzle_migrations')) {
      // As drizzle's migrator finds the last one: by created_at (its "id" column is NULL in SQLite).
      const last = (
        await client.execute('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1')
      ).rows[0];
      migrations = {
        count: tables.__drizzle_migrations,
        lastId: last && last.id !== null ? Number(last.id) : null,
        lastHash: last ? String(last.hash) : null,
        lastCreatedAt: last && last.created_at !== null ? Number(last.created_at) : null,
      };
    }
    return { integrity, sqliteVersion, tables, migrations };
  } finally {
    client.close();
  }
}

/** True when PRAGMA integrity_check said "ok". */
export function integrityOk(facts: Pick<DatabaseFacts, 'integrity'>): boolean {
  return facts.integrity.length === 1 && facts.integrity[0] === 'ok';
}
