import { createClient } from '@libsql/client';
import { aggregateUnitIndicators } from '../src/lib/server/indicators/aggregate.ts';
import { parsePeriod } from '../src/lib/indicators/period.ts';
const c = createClient({ url: process.argv[2]! });
if (process.argv[3]) await c.execute(`PRAGMA cache_size = ${process.argv[3]}`);
const period = parsePeriod('2026-2028')!;
const unit = { id: 'p0', parentId: null, path: '/p0/', name: 'x', code: 'x', level: 'province' };
const ts: number[] = [];
for (let i = 0; i < 8; i++) { const t = performance.now(); await aggregateUnitIndicators(c, unit, period); ts.push(performance.now() - t); }
console.log('agg', ts.map((t) => t.toFixed(0)).join(' '));
