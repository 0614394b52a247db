/**
 * The database connection: libSQL through drizzle. An embedded `file:` database by default;
 * DATABASE_URL may name a libSQL server for several app instances.
 * Every pooled connection gets a busy timeout (the client's `timeout`), so a writer waits for
 * another instead of failing; drizzle's transactions begin IMMEDIATE (libSQL's "write" mode),
 * so a transaction that reads first cannot deadlock on upgrading its lock; and writes within
 * this process are queued one at a time (serialized-writes.ts explains why). Embedded
 * connections keep their prepared statements (statement-cache.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema/index.ts';
import { serializeWrites } from './serialized-writes.ts';
import { cacheStatements } from './statement-cache.ts';

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** Default database: data/hoc-lieu-so.db in the working folder. */
export const DEFAULT_DATABASE_URL = 'file:data/hoc-lieu-so.db';

/** Milliseconds a connection waits on a locked database before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/** Opens a database; for a file, creates its folder first. */
export function openDatabase(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): Database {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (path && !path.startsWith(':memory:')) mkdirSync(dirname(path), { recursive: true });
    cacheStatements();
  }
  const client = serializeWrites(
    createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN, timeout: BUSY_TIMEOUT_MS }),
  );
  return drizzle(client, { schema }) as Database;
}
