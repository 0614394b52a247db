import { createClient } from '@libsql/client';
const c = createClient({ url: process.argv[2]! });
const orig = c.execute.bind(c);
let captured: any;
(c as any).execute = async (s: any) => { captured = s; return orig(s); };
const { aggregateUnitIndicators } = await import('../src/lib/server/indicators/aggregate.ts');
const { parsePeriod } = await import('../src/lib/indicators/period.ts');
await aggregateUnitIndicators(c, { id: 'p0', parentId: null, path: '/p0/', name: 'x', code: 'x', level: 'province' }, parsePeriod('2026-2028')!);
const { sql, args } = captured;
const head = sql.slice(0, sql.indexOf('SELECT json_object('));
const parts: Record<string,string> = {
  per_unit: 'SELECT count(*) FROM per_unit',
  counted: 'SELECT count(*) FROM counted',
  months: `SELECT json_group_object(m, n) FROM (SELECT strftime('%Y-%m', (completed_at + 25200000) / 1000, 'unixepoch') AS m, count(*) AS n FROM counted WHERE in_period GROUP BY m)`,
  course_rows: 'SELECT count(*) FROM course_rows',
  full: sql.slice(sql.indexOf('SELECT json_object(')),
};
for (const [k, tail] of Object.entries(parts)) { const ts=[]; for (let i=0;i<6;i++){ const t=performance.now(); await orig({ sql: head + tail, args }); ts.push(performance.now()-t);} console.log(k.padEnd(12), ts.map(t=>t.toFixed(1)).join(' ')); }
const plan = await orig({ sql: 'EXPLAIN QUERY PLAN ' + sql, args }); for (const r of plan.rows) console.log('  ', r.detail);
