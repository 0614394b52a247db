import { createClient } from '@libsql/client';
const c = createClient({ url: process.argv[2]! });
const args = { low: '/p0/', high: '/p00', period: '2026-2028', start: Date.UTC(2025,11,31,17), end: Date.UTC(2028,11,31,17), now: Date.now() };
const q = async (label: string, sql: string) => { const ts=[]; for (let i=0;i<5;i++){ const t = performance.now(); await c.execute({ sql, args }); ts.push(performance.now() - t);} console.log(label.padEnd(12), ts.map(t=>t.toFixed(1)).join(' ')); };
await q('units', `SELECT count(*) FROM units u WHERE u.path >= :low AND u.path < :high`);
await q('facts', `SELECT count(*) FROM units u JOIN official_facts f ON f.period = :period AND f.unit_id = u.id WHERE u.path >= :low AND u.path < :high`);
await q('figures', `SELECT count(*), sum(completed_at) FROM units u JOIN official_figures g ON g.period = :period AND g.unit_id = u.id WHERE u.path >= :low AND u.path < :high`);
await q('per_unit', `SELECT f.unit_id, u.path, f.bits, count(*) AS n FROM units u JOIN official_facts f ON f.period = :period AND f.unit_id = u.id WHERE u.path >= :low AND u.path < :high GROUP BY f.unit_id, f.bits`);
for (const sql of [`SELECT count(*) FROM units u JOIN official_figures g ON g.period = :period AND g.unit_id = u.id WHERE u.path >= :low AND u.path < :high`, `SELECT count(*) FROM units u JOIN official_facts f ON f.period = :period AND f.unit_id = u.id WHERE u.path >= :low AND u.path < :high`]) {
  const plan = await c.execute({ sql: 'EXPLAIN QUERY PLAN ' + sql, args }); for (const r of plan.rows) console.log('  ', r.detail);
}
console.log((await c.execute('SELECT count(*) AS n FROM official_figures')).rows[0]);
console.log((await c.execute('SELECT count(*) AS n FROM units')).rows[0]);
