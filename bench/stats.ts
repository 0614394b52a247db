/**
 * `npm run bench:stats`: times the Decision 700 indicators on generated data. It builds a
 * province of BENCH_OFFICIALS officials (default 20,000, ~100 per commune) with
 * BENCH_EVENTS progress events (default 2,000,000), completions (some revoked), assignments,
 * unit moves and flags; then, with BENCH_NATIONAL_OFFICIALS > 0 (e.g. 200,000) and
 * BENCH_NATIONAL_EVENTS (e.g. 10,000,000), more provinces up to that national total.
 * It then times, BENCH_RUNS times each (default 20), in one run:
 *  - baseline: a trivial count of the province's officials (one indexed query);
 *  - the province dashboard's indicators as the dashboard now computes them (aggregate.ts: counts
 *    in SQL, with the communes), and the reference path (load every row + compute.ts) for comparison
 *    unless BENCH_REFERENCE=0;
 *  - the national roll-up (every province's three shares, GROUP BY province in SQL), when
 *    national data was generated.
 * In-person classes: each province gets a few classes with ~10% of its officials attending.
 * Prints p50 / p95 in ms. Targets: province under 200 ms p95, national under 1 s.
 * Rows go in with multi-row INSERTs in batches, one transaction per table chunk.
 * Quick run: BENCH_OFFICIALS=2000 BENCH_EVENTS=100000 npm run bench:stats
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, InValue } from '@libsql/client';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { vietnamMidnight } from '../src/lib/vietnam-time.ts';
import { childShares, computeUnitIndicators, officialFacts, type UnitRow } from '../src/lib/indicators/compute.ts';
import { loadIndicatorInput } from '../src/lib/server/indicators/load.ts';
import { aggregateUnitIndicators, shareCountsByChild } from '../src/lib/server/indicators/aggregate.ts';
import { cachedFigures } from '../src/lib/server/indicators/cache.ts';
import { parsePeriod } from '../src/lib/indicators/period.ts';

const OFFICIALS = Number(process.env.BENCH_OFFICIALS ?? 20_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const NATIONAL_OFFICIALS = Number(process.env.BENCH_NATIONAL_OFFICIALS ?? 0);
const NATIONAL_EVENTS = Number(process.env.BENCH_NATIONAL_EVENTS ?? 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const REFERENCE = process.env.BENCH_REFERENCE !== '0';
const PER_COMMUNE = 100;
const PROVINCES = 34;

const COURSES: [string, string][] = [
  ['chuyen-mon-dat-dai', 'chuyen-mon-chuyen-nganh'],
  ['chuyen-mon-tai-chinh', 'chuyen-mon-chuyen-nganh'],
  ['qlnn-chung', 'kien-thuc-chung-qlnn'],
  ['lanh-dao-quan-ly', 'qlnn-lanh-dao-quan-ly'],
  ['tiep-cong-dan', 'tap-huan-nghiep-vu'],
  ['ky-nang-so', 'ky-nang-bo-tro'],
  ['giao-tiep', 'ky-nang-bo-tro'],
];
const KINDS = new Map(COURSES);
const GROUPS = ['can-bo', 'lanh-dao-quan-ly', 'cong-chuc-chuyen-mon', 'cong-chuc-chuyen-mon', 'cong-chuc-chuyen-mon'];
const EVENT_KINDS = ['lesson_opened', 'lesson_completed', 'video_watched'];
const START = vietnamMidnight('2026-01-01');
const SPAN = vietnamMidnight('2026-11-01') - START;

/** Deterministic pseudo-random numbers, so two runs generate the same data. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

/** Inserts rows with multi-row INSERTs of `batch` rows, in one transaction. */
async function bulkInsert(
  client: Client,
  table: string,
  columns: string[],
  rows: InValue[][],
  batch = Math.floor(30_000 / columns.length),
): Promise<void> {
  if (rows.length === 0) return;
  const tx = await client.transaction('write');
  try {
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      const placeholders = `(${columns.map(() => '?').join(',')})`;
      await tx.execute({
        sql: `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${chunk.map(() => placeholders).join(',')}`,
        args: chunk.flat(),
      });
    }
    await tx.commit();
  } finally {
    tx.close();
  }
}

interface Generated {
  provinceIds: string[];
}

/** One province with `officials` officials and `events` progress events. */
async function generateProvince(client: Client, index: number, officials: number, events: number): Promise<string> {
  const provinceId = `p${index}`;
  const communes = Math.max(1, Math.ceil(officials / PER_COMMUNE));
  const units: InValue[][] = [[provinceId, null, 'province', 'tinh', `Tỉnh ${index}`, `P${index}`, `/${provinceId}/`]];
  for (let c = 0; c < communes; c++)
    units.push([
      `${provinceId}c${c}`,
      provinceId,
      'commune',
      'xa',
      `Xã ${index}-${c}`,
      `P${index}-C${c}`,
      `/${provinceId}/${provinceId}c${c}/`,
    ]);
  await bulkInsert(client, 'units', ['id', 'parent_id', 'level', 'kind', 'name', 'code', 'path'], units);

  const people: InValue[][] = [];
  const accounts: InValue[][] = [];
  const changes: InValue[][] = [];
  const completions: InValue[][] = [];
  const certificates: InValue[][] = [];
  const assignments: InValue[][] = [];
  for (let o = 0; o < officials; o++) {
    const id = `${provinceId}o${o}`;
    const commune = `${provinceId}c${o % communes}`;
    const flagged = random() < 0.15;
    people.push([
      id,
      `${provinceId.toUpperCase()}-${o}`,
      `Cán bộ ${o}`,
      commune,
      'Công chức',
      'Chuyên viên',
      GROUPS[o % GROUPS.length]!,
      flagged ? 1 : 0,
      flagged ? '2026-03-01' : null,
      1,
      START - 86_400_000,
      START,
    ]);
    accounts.push([`u${id}`, `u${id}`, id, `Cán bộ ${o}`, 'x']);
    if (flagged)
      changes.push([id, 'underqualified', null, '2026-03-01', vietnamMidnight('2026-03-01') + 8 * 3_600_000]);
    if (random() < 0.03) {
      // Moved here from another commune mid-phase.
      changes.push([id, 'unitId', `${provinceId}c${(o + 1) % communes}`, commune, START + Math.floor(random() * SPAN)]);
    }
    for (const [course] of COURSES) {
      if (random() < 0.3) {
        const at = START + Math.floor(random() * SPAN);
        const score = 60 + Math.floor(random() * 40);
        completions.push([`u${id}`, course, id, commune, at, score, 'v1']);
        certificates.push([
          `c${id}${course}`,
          `K${id}${course}`,
          `u${id}`,
          course,
          id,
          'x',
          commune,
          'x',
          'x',
          8,
          at,
          score,
          'v1',
          'x',
          at,
          random() < 0.01 ? at + 86_400_000 : null,
        ]);
      }
    }
    if (flagged && random() < 0.5)
      assignments.push([
        `a${id}`,
        id,
        `u${id}`,
        'chuyen-mon-dat-dai',
        commune,
        '2028-12-31',
        'Chưa đáp ứng',
        'bench-admin',
        START + Math.floor(random() * SPAN),
        null,
      ]);
  }
  await bulkInsert(
    client,
    'officials',
    [
      'id',
      'staff_code',
      'full_name',
      'unit_id',
      'job_title',
      'job_position',
      'group',
      'underqualified',
      'underqualified_since',
      'active',
      'created_at',
      'updated_at',
    ],
    people,
  );
  await bulkInsert(client, 'users', ['id', 'username', 'official_id', 'display_name', 'password_hash'], accounts);
  await bulkInsert(
    client,
    'official_changes',
    ['official_id', 'field', 'old_value', 'new_value', 'changed_at'],
    changes,
  );
  await bulkInsert(
    client,
    'course_completions',
    ['user_id', 'course_id', 'official_id', 'unit_id', 'completed_at', 'score_percent', 'course_version'],
    completions,
  );
  await bulkInsert(
    client,
    'certificates',
    [
      'id',
      'code',
      'user_id',
      'course_id',
      'official_id',
      'full_name',
      'unit_id',
      'course_title',
      'training_kind',
      'hours',
      'completed_at',
      'score_percent',
      'course_version',
      'issuer',
      'issued_at',
      'revoked_at',
    ],
    certificates,
  );
  const classKinds = ['kien-thuc-chung-qlnn', 'tap-huan-nghiep-vu', 'chuyen-mon-chuyen-nganh', 'ky-nang-bo-tro'];
  const classes: InValue[][] = classKinds.map((kind, k) => [
    `${provinceId}k${k}`,
    provinceId,
    kind,
    'Lớp',
    'truc-tiep',
    `2026-0${k + 3}-01`,
    `2026-0${k + 3}-05`,
    16,
    'x',
    'x',
    'ns-tinh',
  ]);
  await bulkInsert(
    client,
    'training_classes',
    ['id', 'unit_id', 'kind', 'content', 'method', 'starts_on', 'ends_on', 'hours', 'place', 'organiser', 'funding'],
    classes,
  );
  const attendances: InValue[][] = [];
  for (let o = 0; o < officials; o++) {
    if (random() < 0.1)
      attendances.push([
        `${provinceId}k${o % classKinds.length}`,
        `${provinceId}o${o}`,
        random() < 0.85 ? 'hoan-thanh' : 'vang',
      ]);
  }
  await bulkInsert(client, 'class_attendances', ['class_id', 'official_id', 'result'], attendances);
  await bulkInsert(
    client,
    'assignments',
    [
      'id',
      'official_id',
      'user_id',
      'course_id',
      'unit_id',
      'deadline',
      'reason',
      'assigned_by',
      'assigned_at',
      'cancelled_at',
    ],
    assignments,
  );
  // Progress events in chunks, so memory stays flat whatever the count.
  const CHUNK = 200_000;
  for (let done = 0; done < events; done += CHUNK) {
    const rows: InValue[][] = [];
    for (let e = done; e < Math.min(events, done + CHUNK); e++) {
      const o = Math.floor(random() * officials);
      const [course] = COURSES[e % COURSES.length]!;
      const at = START + Math.floor(random() * SPAN);
      rows.push([`u${provinceId}o${o}`, `e${e}`, EVENT_KINDS[e % 3]!, course, `${course}/bai-${e % 8}`, at, at]);
    }
    await bulkInsert(
      client,
      'progress_events',
      ['user_id', 'event_id', 'kind', 'course_id', 'lesson_id', 'occurred_at', 'received_at'],
      rows,
    );
  }
  return provinceId;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(label: string, runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const result = { p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(
    `${label.padEnd(44)} p50 ${result.p50.toFixed(1).padStart(8)} ms   p95 ${result.p95.toFixed(1).padStart(8)} ms   (${runs} runs)`,
  );
  return result;
}

const url = `file:${join(mkdtempSync(join(tmpdir(), 'hls-bench-stats-')), 'bench.db')}`;
const db = openDatabase(url);
await migrateDatabase(db);
const client = db.$client;
await client.execute(
  "INSERT INTO users (id, username, display_name, password_hash) VALUES ('bench-admin', 'bench-admin', 'Bench', 'x')",
);

const generated: Generated = { provinceIds: [] };
let started = performance.now();
generated.provinceIds.push(await generateProvince(client, 0, OFFICIALS, EVENTS));
console.log(
  `Generated province: ${OFFICIALS.toLocaleString('en')} officials, ${EVENTS.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
if (NATIONAL_OFFICIALS > OFFICIALS) {
  started = performance.now();
  const others = PROVINCES - 1;
  const perProvince = Math.ceil((NATIONAL_OFFICIALS - OFFICIALS) / others);
  const eventsPer = Math.max(0, Math.ceil((NATIONAL_EVENTS - EVENTS) / others));
  for (let p = 1; p <= others; p++)
    generated.provinceIds.push(await generateProvince(client, p, perProvince, eventsPer));
  console.log(
    `Generated national set: ${PROVINCES} provinces, ~${(OFFICIALS + perProvince * others).toLocaleString('en')} officials, ~${(EVENTS + eventsPer * others).toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
await client.execute('ANALYZE');

const period = parsePeriod('2026-2028')!;
const provincePath = `/${generated.provinceIds[0]}/`;

await time('baseline: count officials of the province', RUNS, () =>
  client.execute({
    sql: 'SELECT count(*) FROM officials WHERE unit_id IN (SELECT id FROM units WHERE path LIKE ?)',
    args: [`${provincePath}%`],
  }),
);
const provinceUnit = async (): Promise<UnitRow> => {
  const row = (
    await client.execute({
      sql: 'SELECT id, parent_id, path, name, code, level FROM units WHERE path = ?',
      args: [provincePath],
    })
  ).rows[0]!;
  return {
    id: String(row.id),
    parentId: null,
    path: String(row.path),
    name: String(row.name),
    code: String(row.code),
    level: String(row.level),
  };
};
const province = await time('province indicators computed (SQL aggregation + communes)', RUNS, async () => {
  // As the dashboard does it: the unit and its children, then the counts.
  const unit = await provinceUnit();
  await client.execute({ sql: 'SELECT id, name FROM units WHERE parent_id = ?', args: [unit.id] });
  await aggregateUnitIndicators(client, unit, period, KINDS);
});
// The dashboard keeps figures per data version (indicators/cache.ts): a load with no write since
// the last one is a version read and a cache hit; the line above is the load after a write.
await time('province dashboard, no write since the last load (cached)', RUNS, async () => {
  const unit = await provinceUnit();
  await cachedFigures(client, `bench|${unit.id}`, () => aggregateUnitIndicators(client, unit, period, KINDS));
});
if (REFERENCE) {
  await time('reference: load every row + compute.ts', Math.max(3, Math.floor(RUNS / 4)), async () => {
    const input = await loadIndicatorInput(client, provincePath, KINDS);
    const facts = officialFacts(input, period);
    const unit = input.units.find((row) => row.path === provincePath)!;
    computeUnitIndicators(input, facts, unit, period);
    childShares(
      facts,
      unit.path,
      input.units.filter((child) => child.parentId === unit.id),
    );
  });
}
let national: { p50: number; p95: number } | undefined;
if (generated.provinceIds.length > 1) {
  national = await time('national roll-up (GROUP BY province in SQL)', Math.max(3, Math.floor(RUNS / 4)), async () => {
    await client.execute('SELECT id, name FROM units WHERE parent_id IS NULL');
    await shareCountsByChild(client, '/', period, KINDS);
  });
}
console.log(`Province p95, computed after a write, ${province.p95 < 200 ? 'meets' : 'misses'} the 200 ms target.`);
if (national) console.log(`National p95 ${national.p95 < 1000 ? 'meets' : 'misses'} the 1 s target.`);
client.close();
