/**
 * Applies the committed migrations (db/migrations) to DATABASE_URL and turns on WAL for a
 * file database. Safe to run at every start.
 */
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from './client.ts';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/** Brings the schema of `db` up to date. */
export async function migrateDatabase(db: Database): Promise<void> {
  if (db.$client.protocol === 'file') {
    // WAL lets readers go on while one writer commits; it is a property of the file.
    await db.$client.execute('PRAGMA journal_mode = WAL');
  }
  await migrate(db, { migrationsFolder: MIGRATIONS });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = openDatabase();
  await migrateDatabase(db);
  db.$client.close();
  console.log('Cơ sở dữ liệu đã được cập nhật.');
}
