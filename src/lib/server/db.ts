/** The server's one database handle, opened on first use. Only src/lib/server imports db/. */
import { openDatabase, type Database } from '../../../db/client.ts';

let database: Database | undefined;

/** The shared database of this server process. */
export function getDb(): Database {
  database ??= openDatabase();
  return database;
}
