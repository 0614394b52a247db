/** A fresh libSQL file database with the migrations and the demo seed, for one test file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemo } from '../../db/seed.ts';

/** Creates, migrates and seeds a database in a new temporary folder; returns its `file:` URL. */
export async function createTestDatabase(): Promise<string> {
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'hls-db-')), 'test.db')}`;
  const db = openDatabase(url);
  await migrateDatabase(db);
  await seedDemo(db);
  db.$client.close();
  return url;
}

/** Opens a test database for direct checks (close it with `db.$client.close()`). */
export function openTestDatabase(url: string): Database {
  return openDatabase(url);
}
