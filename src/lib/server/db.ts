/** The server's one database handle, opened on first use. Only src/lib/server imports db/. */
import { openDatabase, type Database } from '../../../db/client.ts';
import { onRetire } from './build-lifecycle.ts';

let database: Database | undefined;

/** The shared database of this server process. */
export function getDb(): Database {
  if (!database) {
    database = openDatabase();
    // After a switch to a newer build (scripts/serve.mjs), this build's connection is closed.
    const opened = database;
    onRetire(() => {
      opened.$client.close();
      if (database === opened) database = undefined;
    });
  }
  return database;
}
