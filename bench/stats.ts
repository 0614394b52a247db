/**
 * `npm run bench:stats`: times the Decision 700 indicators on generated data. It builds a
 * province of BENCH_OFFICIALS officials (default 20,000, ~100 per commune) with
 * BENCH_EVENTS progress events (default 2,000,000), completions (some revoked), assignments,
 * unit moves and flags; then, with BENCH_NATIONAL_OFFICIALS > 0 (e.g. 200,000) and
 * BENCH_NATIONAL_EVENTS (e.g. 10,000,000), more provinces up to that national total.
 * It then times the one-off full build of the stored per-official facts (what the first start
 * after migration 0012 costs), first for the province alone, then for everything; and, BENCH_RUNS
 * times each (default 20), in one run, with NO cache:
 *  - baseline: a trivial count of the province's officials (one indexed query);
 *  - the province dashboard as indicatorSummary reads it (leftover marks check, the province's
 *    version, the unit's children, aggregate.ts over the stored facts), and the reference path
 *    (load every row + compute.ts) for comparison unless BENCH_REFERENCE=0;
 *  - the national roll-up (every province's shares from the stored facts), with national data;
 *  - the same again while a child process (bench/stats-writer.ts) writes through the app's real
 *    paths: 700 progress events/s through the progress event store and 5 completions/s through
 *    the completion code (BENCH_WRITER=0 skips this part).
 * In-person classes: each province gets a few classes with ~10% of its officials attending.
 * Prints p50 / p95 in ms. Targets (issue 17): province under 50 ms p95, national under 250 ms,
 * province under 100 ms while the writer runs; a miss is printed as a miss.
 * Rows go in with multi-row INSERTs in batches, one transaction per table chunk.
 * Quick run: BENCH_OFFICIALS=2000 BENCH_EVENTS=100000 npm run bench:stats
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, InValue } from '@libsql/client';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { vietnamMidnight } from '../src/lib/vietnam-time.ts';
import { childShares, computeUnitIndicators, officialFacts, type UnitRow } from '../src/lib/indicators/compute.ts';
import { loadIndicatorInput } from '../src/lib/server/indicators/load.ts';
import { aggregateUnitIndicators, shareCountsByChild } from '../src/lib/server/indicators/aggregate.ts';
import {
  ensureFactsCurrent,
  hasDirtyFacts,
  provinceVersion,
  provinceVersions,
  refreshLeftovers,
} from '../src/lib/server/indicators/facts-store.ts';
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
  // The writer's one-lesson course (bench/stats-writer.ts WRITER_COURSE_ID).
  ['bench-ky-nang', 'ky-nang-bo-tro'],
];
const KINDS = new Map(COURSES);
/** The courses as the facts store takes them (no fields: indicator 3's own-field matching is not what is timed here). */
const BASIS = { kinds: KINDS, fields: new Map<string, string[]>(), samples: new Set<string>() };
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
      if (course === 'bench-ky-nang') continue;
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
      const [course] = COURSES[e % (COURSES.length - 1)]!;
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

/**
 * Wall-clock p50/p95 of `runs` calls, and the same for this process's CPU time (the SQLite work
 * runs in-process): on a shared, loaded machine the CPU figures show the work itself, the wall
 * clock what a reader waits. The load average is printed beside them.
 */
async function time(label: string, runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const result = { p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(
    `${label.padEnd(44)} p50 ${result.p50.toFixed(1).padStart(8)} ms   p95 ${result.p95.toFixed(1).padStart(8)} ms   (${runs} runs; CPU p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms; load ${loadavg()[0]!.toFixed(1)})`,
  );
  return result;
}

// BENCH_DB: a database file to generate into, or, when it exists, to measure again without
// generating (the facts are rebuilt from scratch: the one-off build is timed on it).
// BENCH_GENERATE_ONLY=1 stops after generating.
const reuse = process.env.BENCH_DB !== undefined && existsSync(process.env.BENCH_DB);
const url = `file:${process.env.BENCH_DB ?? join(mkdtempSync(join(tmpdir(), 'hls-bench-stats-')), 'bench.db')}`;
const db = openDatabase(url);
await migrateDatabase(db);
const client = db.$client;
if (!reuse)
  await client.execute(
    "INSERT INTO users (id, username, display_name, password_hash) VALUES ('bench-admin', 'bench-admin', 'Bench', 'x')",
  );

const generated: Generated = { provinceIds: [] };
let started = performance.now();
if (reuse) {
  const roots = await client.execute(
    "SELECT id FROM units WHERE parent_id IS NULL AND id LIKE 'p%' ORDER BY CAST(substr(id, 2) AS INTEGER)",
  );
  generated.provinceIds.push(...roots.rows.map((row) => String(row.id)));
  const counts = (
    await client.execute(
      'SELECT (SELECT count(*) FROM officials) AS officials, (SELECT count(*) FROM progress_events) AS events',
    )
  ).rows[0]!;
  console.log(
    `Reusing ${url}: ${generated.provinceIds.length} provinces, ${Number(counts.officials).toLocaleString('en')} officials, ${Number(counts.events).toLocaleString('en')} events`,
  );
  await client.execute('UPDATE indicator_facts_state SET basis = NULL WHERE id = 1');
  started = performance.now();
  await ensureFactsCurrent(client, BASIS);
  console.log(
    `Full build of the stored facts, ${Number(counts.officials).toLocaleString('en')} officials: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} else {
  generated.provinceIds.push(await generateProvince(client, 0, OFFICIALS, EVENTS));
  console.log(
    `Generated province: ${OFFICIALS.toLocaleString('en')} officials, ${EVENTS.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const generateOnly = process.env.BENCH_GENERATE_ONLY === '1';
  if (!generateOnly) {
    // The first start after the migration: every official's facts built from the events.
    started = performance.now();
    await ensureFactsCurrent(client, BASIS);
    console.log(
      `Full build of the stored facts, ${OFFICIALS.toLocaleString('en')} officials: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
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
    if (generateOnly) {
      console.log(`Generated into ${url}`);
      process.exit(0);
    }
    // The same one-off build on the whole country (as a migration of such a database costs).
    await client.execute('UPDATE indicator_facts_state SET basis = NULL WHERE id = 1');
    started = performance.now();
    await ensureFactsCurrent(client, BASIS);
    const total = Number((await client.execute('SELECT count(*) AS n FROM officials')).rows[0]!.n);
    console.log(
      `Full build of the stored facts, ${total.toLocaleString('en')} officials: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
await client.execute('ANALYZE');
if (await hasDirtyFacts(client)) throw new Error('Officials left marked after the build');

const period = parsePeriod('2026-2028')!;
const provincePath = `/${generated.provinceIds[0]}/`;

const baseline = () =>
  client.execute({
    sql: 'SELECT count(*) FROM officials WHERE unit_id IN (SELECT id FROM units WHERE path LIKE ?)',
    args: [`${provincePath}%`],
  });
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
/** As indicatorSummary reads a province with no cache: leftovers, version, the unit, its children, the sums. */
const provinceDashboard = async () => {
  await refreshLeftovers(client);
  const unit = await provinceUnit();
  await provinceVersion(client, unit.id);
  await Promise.all([
    client.execute({ sql: 'SELECT id, name FROM units WHERE parent_id = ?', args: [unit.id] }),
    aggregateUnitIndicators(client, unit, period, BASIS),
  ]);
};
/** As nationalRollUp reads with no cache: leftovers, every province's version, the roots, the sums. */
const nationalDashboard = async () => {
  await refreshLeftovers(client);
  await provinceVersions(client);
  await client.execute('SELECT id, name FROM units WHERE parent_id IS NULL');
  await shareCountsByChild(client, '/', period);
};

const PROVINCE_TARGET = 50;
const NATIONAL_TARGET = 250;
const BUSY_PROVINCE_TARGET = 100;
const verdict = (label: string, p95: number, target: number) =>
  console.log(`${label} p95 ${p95.toFixed(1)} ms ${p95 < target ? 'meets' : 'MISSES'} the ${target} ms target.`);

console.log('Quiet database (no writer), no cache:');
await time('baseline: count officials of the province', RUNS, baseline);
const province = await time('province dashboard (stored facts)', RUNS, provinceDashboard);
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
if (generated.provinceIds.length > 1) national = await time('national roll-up (stored facts)', RUNS, nationalDashboard);

let busy: { province: { p50: number; p95: number }; national?: { p50: number; p95: number } } | undefined;
if (process.env.BENCH_WRITER !== '0') {
  const writer = fork(new URL('./stats-writer.ts', import.meta.url), [url, String(OFFICIALS)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let report = '';
  writer.stdout!.on('data', (chunk: Buffer) => (report += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    writer.once('message', () => resolve());
    writer.once('error', reject);
  });
  // Let the writer reach its rate before timing.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const versionBefore = await provinceVersion(client, generated.provinceIds[0]!);
  console.log('While the writer runs (700 progress events/s, 5 completions/s), no cache:');
  await time('baseline: count officials of the province', RUNS, baseline);
  const busyProvince = await time('province dashboard (stored facts)', RUNS * 5, provinceDashboard);
  const busyNational =
    generated.provinceIds.length > 1
      ? await time('national roll-up (stored facts)', RUNS, nationalDashboard)
      : undefined;
  busy = { province: busyProvince, national: busyNational };
  const versionAfter = await provinceVersion(client, generated.provinceIds[0]!);
  const exited = new Promise<void>((resolve) => writer.once('exit', () => resolve()));
  writer.kill('SIGTERM');
  await exited;
  const written = JSON.parse(report.trim().split('\n').pop() ?? '{}') as {
    seconds: number;
    events: number;
    completed: number;
    writeErrors: number;
    completionErrors: number;
  };
  const leftovers = Number((await client.execute('SELECT count(*) AS n FROM official_facts_dirty')).rows[0]!.n);
  console.log(
    `Writer: ${written.events} events (${(written.events / written.seconds).toFixed(0)}/s), ${written.completed} completions (${(written.completed / written.seconds).toFixed(1)}/s) in ${written.seconds.toFixed(1)} s; errors ${written.writeErrors} + ${written.completionErrors}; province version +${versionAfter - versionBefore}; officials left marked: ${leftovers}`,
  );
}
verdict('Province dashboard, quiet,', province.p95, PROVINCE_TARGET);
if (national) verdict('National roll-up, quiet,', national.p95, NATIONAL_TARGET);
if (busy) verdict('Province dashboard, while writing,', busy.province.p95, BUSY_PROVINCE_TARGET);
if (busy?.national) verdict('National roll-up, while writing,', busy.national.p95, NATIONAL_TARGET);
client.close();
