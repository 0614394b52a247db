/**
 * Stands in for src/lib/server/db.ts while the demo history is seeded (server-seams.ts swaps it
 * in): the same drizzle handle over libSQL with every write queued (db/client.ts), on one
 * connection with SQLite's synchronous = OFF, so that each of the history's ~1,300 small commits
 * does not wait for the disk. The history runs one step at a time, so one connection is enough.
 * finishSeedDb() puts synchronous back to FULL and checkpoints the WAL: from then on the data
 * is as durable as any other write.
 */
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { BUSY_TIMEOUT_MS, DEFAULT_DATABASE_URL, type Database } from '../client.ts';
import * as schema from '../schema/index.ts';
import { serializeWrites } from '../serialized-writes.ts';

let database: Database | undefined;

/** The seed's database handle, on DATABASE_URL (as the server's getDb). */
export function getDb(): Database {
  database ??= drizzle(
    serializeWrites(
      createClient({
        url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
        authToken: process.env.DATABASE_AUTH_TOKEN,
        timeout: BUSY_TIMEOUT_MS,
        concurrency: 1,
      }),
    ),
    { schema },
  ) as Database;
  return database;
}

const embedded = () => (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL).startsWith('file:');

/** Lets commits skip the disk flush while seeding (an embedded file only). */
export async function startSeedDb(): Promise<void> {
  if (embedded()) await getDb().$client.execute('PRAGMA synchronous = OFF');
}

/** Flushes everything to disk and closes the handle. */
export async function finishSeedDb(): Promise<void> {
  if (!database) return;
  if (embedded()) {
    await database.$client.execute('PRAGMA synchronous = FULL');
    await database.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  }
  database.$client.close();
  database = undefined;
}
