/**
 * Indicator figures cached per process, keyed by the unit, the period and the database's
 * indicator data version (db/migrations/0003_indicator_version.sql: triggers move it on every
 * write to a table the indicators read, inside that write's transaction, so no write path can
 * forget it and every instance sharing the database sees it). A new version means recompute; an
 * entry also ages out after MAX_AGE_MS, because "evaluations due" moves with the clock alone.
 * Requests for the same key while it is computed share the one computation.
 */
import type { Client } from '@libsql/client';

const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 500;

interface Entry {
  version: number;
  at: number;
  value: Promise<unknown>;
}

const entries = new Map<string, Entry>();

/** The current indicator data version (one primary-key read). */
export async function indicatorDataVersion(client: Client): Promise<number> {
  const result = await client.execute('SELECT version FROM indicator_data_version WHERE id = 1');
  return Number(result.rows[0]?.version ?? 0);
}

/** The figures under `key` computed at the current data version: from the cache, or by `compute`. */
export async function cachedFigures<T>(
  client: Client,
  key: string,
  compute: () => Promise<T>,
  now = Date.now(),
): Promise<T> {
  const version = await indicatorDataVersion(client);
  const hit = entries.get(key);
  if (hit && hit.version === version && now - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
  // Read before computing: a write landing meanwhile gives a newer version, so the next read recomputes.
  const value = compute();
  entries.delete(key);
  entries.set(key, { version, at: now, value });
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  // Oldest first (Map order), so the least recently computed entries go.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}
