p='src/lib/server/indicators/facts-store.ts'
s=open(p).read()
# refreshOfficials returns touched pairs
s=s.replace("""/** Recomputes and stores these officials' facts and figures in every stored period. */
async function refreshOfficials(
  reader: Reader,
  ids: readonly string[],
  kinds: ReadonlyMap<string, string>,
): Promise<void> {""","""/**
 * Recomputes and stores these officials' facts and figures in every stored period; adds to
 * `touched` every (period, unit) whose sums (unit_*_figures) must be rebuilt.
 */
async function refreshOfficials(
  reader: Reader,
  ids: readonly string[],
  kinds: ReadonlyMap<string, string>,
  touched: Set<string>,
): Promise<void> {""")
s=s.replace("""  for (const [officialId, period, unitId, bits] of oldRows) {
    const key = `${officialId}\\n${period}`;
    const now = fresh.get(key);
    touchedUnits.add(unitId);""","""  for (const [officialId, period, unitId, bits] of oldRows) {
    const key = `${officialId}\\n${period}`;
    const now = fresh.get(key);
    touchedUnits.add(unitId);
    touched.add(`${period}\\n${unitId}`);""")
s=s.replace("""  for (const [key, row] of fresh) {
    touchedUnits.add(row[2]);""","""  for (const [key, row] of fresh) {
    touchedUnits.add(row[2]);
    touched.add(`${row[1]}\\n${row[2]}`);""")
# reaggregate function before refreshDirtyFacts doc
anchor="/**\n * Brings every dirty official's facts up to date"
s=s.replace(anchor,'''/** Periods as JSON [key, start, end] for the sums' SQL. */
const periodsJson = () => JSON.stringify(storedPeriods().map((period) => [period.key, period.start, period.end]));

/**
 * Rebuilds the per-unit sums of official_figures (unit_course_figures, unit_month_figures) for
 * these "period\\nunit" pairs, or for every unit ('all', the full build).
 */
async function rebuildUnitSums(reader: Reader, pairs: ReadonlySet<string> | 'all'): Promise<void> {
  if (pairs !== 'all' && pairs.size === 0) return;
  const all = pairs === 'all';
  const keys = all ? '[]' : JSON.stringify([...pairs].map((pair) => pair.split('\\n')));
  const source = all
    ? 'official_figures g'
    : 'json_each(:pairs) k JOIN official_figures g ON g.period = k.value ->> 0 AND g.unit_id = k.value ->> 1';
  const where = all ? '' : 'WHERE (period, unit_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(:pairs))';
  const args = all ? { periods: periodsJson() } : { periods: periodsJson(), pairs: keys };
  await reader.execute({ sql: `DELETE FROM unit_course_figures ${where}`, args: all ? {} : { pairs: keys } });
  await reader.execute({ sql: `DELETE FROM unit_month_figures ${where}`, args: all ? {} : { pairs: keys } });
  await reader.execute({
    sql: `INSERT INTO unit_course_figures (period, unit_id, course_id, completions, score_sum, score_count, evaluated, attempts, passed)
      SELECT period, unit_id, course_id, coalesce(sum(in_period), 0), sum(CASE WHEN in_period THEN score_percent END),
        count(CASE WHEN in_period THEN score_percent END), coalesce(sum(in_period AND evaluated), 0), sum(attempts), sum(passed)
      FROM (
        SELECT g.period, g.unit_id, g.course_id, g.score_percent, g.evaluated, g.attempts, g.passed,
          g.completed_at >= p.value ->> 1 AND g.completed_at < p.value ->> 2 AS in_period
        FROM ${source} JOIN json_each(:periods) p ON p.value ->> 0 = g.period
      ) GROUP BY period, unit_id, course_id`,
    args,
  });
  await reader.execute({
    sql: `INSERT INTO unit_month_figures (period, unit_id, month, completions)
      SELECT period, unit_id, strftime('%Y-%m', day * 86400, 'unixepoch') AS month, sum(n) FROM (
        SELECT g.period, g.unit_id, (g.completed_at + ${VIETNAM_OFFSET_MS}) / 86400000 AS day, count(*) AS n
        FROM ${source} JOIN json_each(:periods) p ON p.value ->> 0 = g.period
        WHERE g.completed_at >= p.value ->> 1 AND g.completed_at < p.value ->> 2
        GROUP BY g.period, g.unit_id, day
      ) GROUP BY period, unit_id, month`,
    args,
  });
}

'''+anchor)
old=s[s.index("export async function refreshDirtyFacts(transaction: Reader): Promise<number> {"):s.index("/** The write hook: refresh the marked officials")]
s=s.replace(old,'''export async function refreshDirtyFacts(transaction: Reader, options: { sums?: 'touched' | 'all' } = {}): Promise<number> {
  let refreshed = 0;
  let kinds: ReadonlyMap<string, string> | undefined;
  const touched = new Set<string>();
  for (;;) {
    const result = await transaction.execute({
      sql: 'SELECT json_group_array(official_id) AS ids FROM (SELECT official_id FROM official_facts_dirty LIMIT ?)',
      args: [BATCH],
    });
    const ids = JSON.parse(String(result.rows[0]!.ids)) as string[];
    if (ids.length === 0) break;
    kinds ??= await storedKinds(transaction);
    if (!kinds) return refreshed;
    await refreshOfficials(transaction, ids, kinds, touched);
    refreshed += ids.length;
  }
  // Once for all batches: a bulk write (an import, a merger) rebuilds each unit's sums once.
  await rebuildUnitSums(transaction, options.sums === 'all' ? 'all' : touched);
  return refreshed;
}

''')
s=s.replace("""    await transaction.execute('DELETE FROM official_figures');""","""    await transaction.execute('DELETE FROM official_figures');""")
s=s.replace("""    await refreshDirtyFacts(transaction);
  });
  return true;""","""    await refreshDirtyFacts(transaction, { sums: 'all' });
  });
  return true;""")
s=s.replace("""import { loadIndicatorInputForOfficials, type Reader } from './load.ts';""","""import { loadIndicatorInputForOfficials, type Reader } from './load.ts';
import { VIETNAM_OFFSET_MS } from '../../vietnam-time.ts';""")
open(p,'w').write(s)
print('ok')
