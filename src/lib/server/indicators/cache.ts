/**
 * Indicator figures cached per process, keyed by the unit, the period and the data version of the
 * provinces they count (indicator_province_version, db/migrations/0012_indicator_facts.sql:
 * triggers move a province's version on every write its figures could see, inside that write's
 * transaction, so no write path can forget it and every instance sharing the database sees it).
 * A write in one province leaves the other provinces' entries valid; the national roll-up is keyed
 * by every province's version. An entry also ages out after MAX_AGE_MS, because "evaluations due"
 * moves with the clock alone. Requests for the same key while it is computed share the one computation.
 */
const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 500;

interface Entry {
  version: string;
  at: number;
  value: Promise<unknown>;
}

const entries = new Map<string, Entry>();

/**
 * The figures under `key` computed at `version` (read by the caller before computing: a write
 * landing meanwhile gives a newer version, so the next read recomputes): from the cache, or by `compute`.
 */
export function cachedFigures<T>(
  version: string,
  key: string,
  compute: () => Promise<T>,
  now = Date.now(),
): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.version === version && now - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
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
