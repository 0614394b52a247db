/**
 * `npm run bench:rush`: the national deadline rush of issue 18 on one machine, as an open model
 * (fixed arrival rates per route, whatever the answers do; a deadline per request), with the load
 * generator beside the server. Each measurement starts from a fresh seeded database (its size is
 * printed) and BENCH_LEARNERS real learners (default 2,000) made through the app's own paths:
 * the officials import, activation codes as the letters issue them, and POST /kich-hoat/ over HTTP
 * (bench/rush/prepare.ts); the seed's province administrator watches the indicator dashboard.
 *
 * Default mix per second (bench/rush/mix.ts; BENCH_SCALE multiplies it): 700 progress POSTs, 300
 * prebuilt lesson pages, 25 /api/v1/me/progress, 25 "Việc học của tôi", 4 final-test starts,
 * 12 answer saves, 4 submits, 1 indicator dashboard (1,071 requests a second).
 * Prints per route the achieved rate, p50/p95/p99/max and the errors by kind, the server's CPU
 * (its process and the processes below it, /proc) and the generator's, then checks that every
 * acknowledged progress event is stored exactly once and that integrity_check is ok.
 * Target: p99 under 100 ms on every route and no error (ĐẠT); otherwise exit code 1, except with
 * BENCH_SMOKE=1 (bench/smoke.ts), where only a lost or doubled event or a bad database fails.
 *
 * Modes (argument after `--`):
 * - (none): the mix for BENCH_SECONDS (60) after BENCH_WARM_UP_SECONDS (5), WORKERS=BENCH_WORKERS
 *   (default 1, as `npm start`).
 * - ramp: the same proportions at stepped total rates (from BENCH_RAMP_START, 700 a second, up by
 *   20 % or 300, whichever is more, BENCH_STEP_SECONDS 15 each) until a step misses the target
 *   (when the first step misses it already, down by 20 % a step until one holds);
 *   for the old path (HOT_PATH=0 STATEMENT_CACHE=0 WORKERS=1) and the new one (WORKERS=1, then one
 *   per core), each on a fresh database, side by side.
 * - caddy: the mix over https through Caddy (deploy/caddy/Caddyfile) in front of two instances
 *   (WORKERS=1 each); half-way one instance is killed (SIGKILL). The errors must be no more than
 *   the requests in flight at the kill, all within a deadline and a second of it. Needs /usr/bin/caddy.
 * - profile: progress events only, BENCH_PROFILE_RATE (600) a second for BENCH_PROFILE_SECONDS
 *   (20), against a server run with --cpu-prof (WORKERS=1), for the old path (HOT_PATH=0
 *   STATEMENT_CACHE=0) and the default; prints
 *   the ten functions with the most self time and the CPU per request.
 * Other options: BENCH_DEADLINE_MS (2000); BENCH_RAMP_VARIANTS (ramp: old,1,2 by WORKERS); BENCH_PROFILE_MIX=1
 * (profile: the whole mix, BENCH_PROFILE_RATE in all), BENCH_PROFILE_OLD=0 (the new path only),
 * BENCH_PROFILE_KEEP=1 (keeps the .cpuprofile files). Needs a build (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { caddyPort, requireCaddy, startCaddy, type RunningCaddy } from '../tests/support/caddy.ts';
import { createTestDatabase, openTestDatabase } from '../tests/support/database.ts';
import { startServer, type RunningServer } from '../tests/support/server.ts';
import { monotonicMicros, readProfiles, summariseProfiles } from './cpu-profile.ts';
import { cpuBetween, processTree, treeCpu } from './rush/cpu.ts';
import { LoadGenerator, quantile, type PhaseFigures, type Target } from './rush/load.ts';
import { BASE_RATES, BASE_TOTAL, buildMix, lessonPaths, type Mix } from './rush/mix.ts';

const PROJECT = resolve(import.meta.dirname, '..');
const MODE = process.argv[2] ?? 'mix';
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 2000);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 2000);
const WORKERS = process.env.BENCH_WORKERS ?? '1';
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 15);
const RAMP_START = Number(process.env.BENCH_RAMP_START ?? 700);
const RAMP_MAX = Number(process.env.BENCH_RAMP_MAX ?? 20_000);
const PROFILE_RATE = Number(process.env.BENCH_PROFILE_RATE ?? 600);
const PROFILE_SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 20);
/** profile mode: the whole mix (BENCH_PROFILE_RATE requests a second in all) instead of progress only. */
const PROFILE_MIX = process.env.BENCH_PROFILE_MIX === '1';
const SMOKE = process.env.BENCH_SMOKE === '1';
const TARGET_P99_MS = 100;
const CORES = availableParallelism();
/** The code path before issue 18, as far as it can still be chosen. */
const OLD_PATH = { HOT_PATH: '0', STATEMENT_CACHE: '0' };

const format = (value: number, digits = 0) =>
  value.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A fresh seeded database; prints its size. */
async function freshDatabase(): Promise<string> {
  const databaseUrl = await createTestDatabase();
  const db = openTestDatabase(databaseUrl);
  const count = async (table: string) =>
    Number((await db.$client.execute(`select count(*) as n from ${table}`)).rows[0].n);
  console.log(
    `Cơ sở dữ liệu mới (dữ liệu mẫu): ${format(await count('officials'))} cán bộ, ${format(await count('units'))} đơn vị, ` +
      `${format(await count('progress_events'))} hoạt động học tập, ${format(await count('users'))} tài khoản; thêm ${format(LEARNERS)} học viên thử tải.`,
  );
  db.$client.close();
  return databaseUrl;
}

interface Prepared {
  learners: string[];
  admin: string;
  seconds: { import: number; codes: number; activation: number };
}

/** Makes the learners through the app (bench/rush/prepare.ts, its own process) against `baseUrl`. */
function prepare(databaseUrl: string, baseUrl: string): Promise<Prepared> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [join(PROJECT, 'bench/rush/prepare.ts'), databaseUrl, baseUrl, String(LEARNERS)],
      { cwd: PROJECT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`Chuẩn bị học viên thất bại (mã ${code}).`));
      const prepared = JSON.parse(output) as Prepared;
      console.log(
        `Chuẩn bị ${format(prepared.learners.length)} học viên: nhập cán bộ ${format(prepared.seconds.import, 1)} s, ` +
          `cấp mã kích hoạt ${format(prepared.seconds.codes, 1)} s, kích hoạt qua POST /kich-hoat/ ${format(prepared.seconds.activation, 1)} s.`,
      );
      done(prepared);
    });
  });
}

const directTarget = (server: RunningServer): Target => {
  const url = new URL(server.baseUrl);
  return { host: url.hostname, port: Number(url.port), hostHeader: url.host };
};

/**
 * Server CPU over a phase, summed over the given process trees: call the result at the end (and
 * `sample` before killing one, so that its CPU up to the kill counts).
 */
function serverCpuMeter(pids: number[]) {
  const before = pids.map((pid) => treeCpu(pid));
  const last = before.map((readings) => new Map(readings));
  const sample = () =>
    pids.forEach((pid, index) => {
      for (const [each, seconds] of treeCpu(pid)) last[index].set(each, seconds);
    });
  return Object.assign(
    () => {
      sample();
      return pids.reduce((sum, _pid, index) => sum + cpuBetween(before[index], last[index]), 0);
    },
    { sample },
  );
}

interface RouteLine {
  label: string;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

function routeLines(figures: PhaseFigures): RouteLine[] {
  return figures.routes.map((route) => ({
    label: route.label,
    rate: route.sent / figures.seconds,
    p50: quantile(route.latencies, 0.5),
    p95: quantile(route.latencies, 0.95),
    p99: quantile(route.latencies, 0.99),
    max: route.latencies.at(-1) ?? 0,
    errors: route.errorCount,
  }));
}

/** Whether every route answered within the target with no error. */
const meetsTarget = (figures: PhaseFigures) =>
  routeLines(figures).every((line) => line.p99 < TARGET_P99_MS && line.errors === 0);

const cpuText = (serverSeconds: number, figures: PhaseFigures) =>
  `CPU máy chủ ${format((100 * serverSeconds) / figures.seconds)} % một nhân (${format((100 * serverSeconds) / figures.seconds / CORES)} % máy ${CORES} nhân); ` +
  `CPU công cụ đo ${format((100 * figures.generatorCpuSeconds) / figures.seconds)} % một nhân (${format((100 * figures.generatorCpuSeconds) / figures.seconds / CORES)} % máy)`;

function printTable(figures: PhaseFigures, serverCpuSeconds: number): void {
  const lines = routeLines(figures);
  console.log(
    `${'Đường'.padEnd(40)} ${'yêu cầu/s'.padStart(9)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'tối đa'.padStart(7)}  lỗi (ms)`,
  );
  figures.routes.forEach((route, index) => {
    const line = lines[index];
    const errors = [...route.errors].map(([kind, count]) => `${kind}×${count}`).join(', ');
    console.log(
      `${line.label.padEnd(40)} ${format(line.rate, 1).padStart(9)} ${format(line.p50, 1).padStart(7)} ${format(line.p95, 1).padStart(7)} ` +
        `${format(line.p99, 1).padStart(7)} ${format(line.max, 1).padStart(7)}  ${route.errorCount}${errors ? ` (${errors})` : ''}` +
        `${route.skipped ? `; bỏ qua ${route.skipped} vì chưa có bài đang làm` : ''}`,
    );
  });
  const all = figures.routes.flatMap((route) => route.latencies).sort((a, b) => a - b);
  const sent = figures.routes.reduce((sum, route) => sum + route.sent, 0);
  const errors = figures.routes.reduce((sum, route) => sum + route.errorCount, 0);
  console.log(
    `${'Tổng'.padEnd(40)} ${format(sent / figures.seconds, 1).padStart(9)} ${format(quantile(all, 0.5), 1).padStart(7)} ${format(quantile(all, 0.95), 1).padStart(7)} ` +
      `${format(quantile(all, 0.99), 1).padStart(7)} ${format(all.at(-1) ?? 0, 1).padStart(7)}  ${errors}`,
  );
  console.log(`${cpuText(serverCpuSeconds, figures)}; bộ hẹn giờ trễ tối đa ${format(figures.maxTimerLagMs, 1)} ms.`);
}

/** Every acknowledged event stored exactly once, and integrity_check; prints and returns the verdict. */
async function checkStored(databaseUrl: string, mix: Mix): Promise<boolean> {
  const db = openTestDatabase(databaseUrl);
  try {
    const ids = mix.acknowledged;
    // A control: an id never sent must come back missing, or the query proves nothing.
    const control = randomUUID();
    const asked = [...ids, control];
    const counts = new Map<string, number>();
    for (let i = 0; i < asked.length; i += 500) {
      const part = asked.slice(i, i + 500);
      const result = await db.$client.execute({
        sql: `select event_id, count(*) as n from progress_events where event_id in (${part.map(() => '?').join(',')}) group by event_id`,
        args: part,
      });
      for (const row of result.rows) counts.set(String(row.event_id), Number(row.n));
    }
    const missing = ids.filter((id) => !counts.has(id)).length;
    const doubled = [...counts.values()].filter((n) => n > 1).length;
    const integrity = String((await db.$client.execute('pragma integrity_check')).rows[0].integrity_check);
    const ok =
      missing === 0 && doubled === 0 && integrity === 'ok' && new Set(ids).size === ids.length && !counts.has(control);
    const quiz = mix.quizState();
    console.log(
      `Kiểm tra: ${format(ids.length)} hoạt động được xác nhận (200), thiếu ${missing}, lưu hai lần ${doubled}; integrity_check: ${integrity}; ` +
        `${format(quiz.started)} lần bắt đầu bài kiểm tra. ${ok ? 'Đúng.' : 'LỖI: có hoạt động đã xác nhận bị mất hoặc lưu hai lần, hoặc cơ sở dữ liệu hỏng.'}`,
    );
    return ok;
  } finally {
    db.$client.close();
  }
}

/** A fresh database, a server with `env`, the learners, and the mix; `run` measures. */
async function withSetup<T>(
  env: Record<string, string>,
  run: (setup: { server: RunningServer; mix: Mix; databaseUrl: string }) => Promise<T>,
): Promise<{ result: T; stored: boolean }> {
  const databaseUrl = await freshDatabase();
  const server = await startServer({ DATABASE_URL: databaseUrl, ...env });
  try {
    const prepared = await prepare(databaseUrl, server.baseUrl);
    const mix = buildMix({
      learners: prepared.learners,
      admin: prepared.admin,
      cookieNames: ['hls_session'],
      origin: server.baseUrl,
      lessons: lessonPaths(PROJECT),
    });
    const result = await run({ server, mix, databaseUrl });
    return { result, stored: await checkStored(databaseUrl, mix) };
  } finally {
    await server.stop();
  }
}

const envText = (env: Record<string, string>) =>
  Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ') || 'mặc định';

/** The default mode: the mix at BENCH_SCALE for BENCH_SECONDS. */
async function mixMode(): Promise<number> {
  const env = { WORKERS };
  console.log(
    `bench:rush, mô hình mở: ${format(BASE_TOTAL * SCALE, 1)} yêu cầu/giây (hệ số ${SCALE}), ${SECONDS} giây sau ${WARM_UP_SECONDS} giây khởi động; ` +
      `hạn mỗi yêu cầu ${DEADLINE_MS} ms; máy chủ ${envText(env)}; máy ${CORES} nhân, công cụ đo chạy cùng máy.`,
  );
  const { result: met, stored } = await withSetup(env, async ({ server, mix }) => {
    const load = new LoadGenerator(directTarget(server), mix.routes, DEADLINE_MS);
    try {
      if (WARM_UP_SECONDS > 0) await load.run(SCALE, WARM_UP_SECONDS);
      const serverCpu = serverCpuMeter([server.pid!]);
      const figures = await load.run(SCALE, SECONDS);
      printTable(figures, serverCpu());
      return meetsTarget(figures);
    } finally {
      load.close();
    }
  });
  console.log(
    `Mục tiêu: p99 < ${TARGET_P99_MS} ms ở mọi đường và không lỗi: ${met ? 'ĐẠT' : 'CHƯA ĐẠT'}${stored ? '' : '; LỖI dữ liệu'}.`,
  );
  return stored && (met || SMOKE) ? 0 : 1;
}

interface RampResult {
  label: string;
  highest?: { total: number; progress: number; progressP99: number; serverCpu: number; generatorCpu: number };
  failedAt?: string;
}

/** Stepped total rates on one server until a step misses the target. */
async function ramp(label: string, env: Record<string, string>): Promise<{ result: RampResult; stored: boolean }> {
  console.log(`\n${label} (${envText(env)}):`);
  return withSetup(env, async ({ server, mix }) => {
    const load = new LoadGenerator(directTarget(server), mix.routes, DEADLINE_MS);
    const result: RampResult = { label };
    try {
      if (WARM_UP_SECONDS > 0) await load.run(RAMP_START / BASE_TOTAL, WARM_UP_SECONDS);
      // Up while steps hold; if the first step already fails, down by 20 % until one holds (or 100/s).
      let down = false;
      for (let total = RAMP_START; total <= RAMP_MAX && total >= 100;) {
        const serverCpu = serverCpuMeter([server.pid!]);
        const figures = await load.run(total / BASE_TOTAL, STEP_SECONDS);
        const cpu = serverCpu();
        const lines = routeLines(figures);
        const worst = lines.reduce((a, b) => (b.p99 > a.p99 ? b : a));
        const errors = lines.reduce((sum, line) => sum + line.errors, 0);
        const achieved = lines.reduce((sum, line) => sum + line.rate, 0);
        const ok = meetsTarget(figures);
        console.log(
          `  bậc ${format(total)} yêu cầu/s: đạt được ${format(achieved)}/s, sự kiện ${format(lines[0].rate)}/s p99 ${format(lines[0].p99, 1)} ms; ` +
            `p99 lớn nhất ${format(worst.p99, 1)} ms (${worst.label.trim()}); lỗi ${errors}; ${cpuText(cpu, figures)} → ${ok ? 'giữ được' : 'KHÔNG giữ được'}`,
        );
        if (!ok) {
          result.failedAt ??= `${format(total)} yêu cầu/s (p99 lớn nhất ${format(worst.p99, 1)} ms, lỗi ${errors})`;
          if (result.highest) break;
          down = true;
          total = Math.round(total * 0.8);
          continue;
        }
        result.highest = {
          total: achieved,
          progress: lines[0].rate,
          progressP99: lines[0].p99,
          serverCpu: cpu / figures.seconds,
          generatorCpu: figures.generatorCpuSeconds / figures.seconds,
        };
        if (down) break;
        total = Math.round(Math.max(total * 1.2, total + 300));
      }
    } finally {
      load.close();
    }
    return result;
  });
}

async function rampMode(): Promise<number> {
  console.log(
    `bench:rush ramp: cùng tỉ lệ các đường, từ ${format(RAMP_START)} yêu cầu/giây, mỗi bậc ${STEP_SECONDS} giây, tăng 20 % hoặc 300; ` +
      `dừng ở bậc đầu tiên có p99 ≥ ${TARGET_P99_MS} ms hoặc có lỗi (bậc đầu đã hỏng thì giảm 20 % mỗi bậc tới khi giữ được). Máy ${CORES} nhân, công cụ đo chạy cùng máy.`,
  );
  // BENCH_RAMP_VARIANTS=old,1,2 (the default: all) chooses among them by WORKERS, "old" for the old path.
  const chosen = process.env.BENCH_RAMP_VARIANTS?.split(',');
  const variants = [
    { label: 'Đường cũ', env: { ...OLD_PATH, WORKERS: '1' } as Record<string, string> },
    { label: 'Đường mới', env: { WORKERS: '1' } as Record<string, string> },
    // And with one process per core.
    ...(CORES > 1 ? [{ label: 'Đường mới', env: { WORKERS: String(CORES) } as Record<string, string> }] : []),
  ].filter((variant) => !chosen || chosen.includes(variant.env.HOT_PATH === '0' ? 'old' : variant.env.WORKERS));
  const results: RampResult[] = [];
  let stored = true;
  for (const variant of variants) {
    const run = await ramp(variant.label, variant.env);
    results.push(run.result);
    stored &&= run.stored;
  }
  console.log('\nTốc độ cao nhất giữ được (p99 < 100 ms mọi đường, không lỗi):');
  for (const [index, result] of results.entries()) {
    const high = result.highest;
    console.log(
      `  ${result.label.padEnd(10)} (${envText(variants[index].env)}): ` +
        (high
          ? `${format(high.total)} yêu cầu/s (sự kiện ${format(high.progress)}/s, p99 ${format(high.progressP99, 1)} ms); ` +
            `CPU máy chủ ${format(100 * high.serverCpu)} % một nhân, công cụ đo ${format(100 * high.generatorCpu)} %`
          : 'không giữ được cả bậc đầu') +
        (result.failedAt ? `; hỏng ở ${result.failedAt}` : ''),
    );
  }
  const [old, ...news] = results;
  for (const [index, next] of news.entries())
    if (variants[0].env.HOT_PATH === '0' && old.highest && next.highest)
      console.log(
        `  ${envText(variants[index + 1].env)}: gấp ${format(next.highest.total / old.highest.total, 1)} lần đường cũ.`,
      );
  return stored ? 0 : 1;
}

/** Two instances behind Caddy; one is killed half-way. */
async function caddyMode(): Promise<number> {
  requireCaddy();
  const port = await caddyPort();
  const origin = `https://localhost:${port}`;
  const databaseUrl = await freshDatabase();
  const env = { DATABASE_URL: databaseUrl, SITE_URL: origin, WORKERS: '1' };
  const first = await startServer(env);
  const second = await startServer(env);
  let caddy: RunningCaddy | undefined;
  let secondKilled = false;
  try {
    const prepared = await prepare(databaseUrl, first.baseUrl);
    caddy = await startCaddy(
      port,
      [first, second].map((server) => new URL(server.baseUrl).host),
    );
    const mix = buildMix({
      learners: prepared.learners,
      admin: prepared.admin,
      cookieNames: ['__Host-hls_session', 'hls_session'],
      origin,
      lessons: lessonPaths(PROJECT),
    });
    const target: Target = {
      host: '127.0.0.1',
      port,
      hostHeader: `localhost:${port}`,
      tls: { ca: caddy.ca, servername: 'localhost' },
    };
    console.log(
      `bench:rush qua Caddy (TLS, deploy/caddy/Caddyfile) trước 2 tiến trình (WORKERS=1 mỗi tiến trình, chung cơ sở dữ liệu): ` +
        `${format(BASE_TOTAL * SCALE, 1)} yêu cầu/giây, ${SECONDS} giây; giữa chừng (giây ${format(SECONDS / 2, 1)}) giết một tiến trình (SIGKILL).`,
    );
    const load = new LoadGenerator(target, mix.routes, DEADLINE_MS);
    let killedAt = 0;
    let inFlightAtKill = 0;
    try {
      if (WARM_UP_SECONDS > 0) await load.run(SCALE, WARM_UP_SECONDS);
      const serverCpu = serverCpuMeter([first.pid!, second.pid!]);
      const caddyCpu = serverCpuMeter([caddy.pid]);
      const figures = await load.run(SCALE, SECONDS, [
        [
          (SECONDS * 1000) / 2,
          () => {
            // The whole instance: its process and any cluster workers below it.
            serverCpu.sample();
            const pids = processTree(second.pid!);
            inFlightAtKill = load.inFlight;
            killedAt = performance.now();
            for (const pid of pids.reverse()) {
              try {
                process.kill(pid, 'SIGKILL');
              } catch {
                // Ended meanwhile.
              }
            }
            secondKilled = true;
          },
        ],
      ]);
      printTable(figures, serverCpu());
      console.log(`CPU của Caddy (TLS, chia tải): ${format((caddyCpu() / figures.seconds) * 100)} % một nhân.`);
      const windowMs = DEADLINE_MS + 1000;
      const late = figures.errors.filter((error) => error.endedAt - killedAt > windowMs || error.endedAt < killedAt);
      console.log(
        `Lúc giết: ${inFlightAtKill} yêu cầu đang chờ trả lời (trên cả hai tiến trình). Lỗi: ${figures.errors.length}` +
          `${figures.errors.length > 0 ? `, từ ${format(Math.min(...figures.errors.map((e) => e.endedAt - killedAt)))} ms đến ${format(Math.max(...figures.errors.map((e) => e.endedAt - killedAt)))} ms sau lúc giết` : ''}; ` +
          `ngoài khoảng ${windowMs} ms sau lúc giết: ${late.length}.`,
      );
      // Each kind of error with when it came, relative to the kill (negative: before it).
      const byKind = new Map<string, number[]>();
      for (const error of figures.errors) {
        const key = `${mix.routes[error.route].label.trim()}: ${error.kind}`;
        byKind.set(key, [...(byKind.get(key) ?? []), error.endedAt - killedAt]);
      }
      for (const [key, offsets] of byKind)
        console.log(
          `  ${key} ×${offsets.length}, từ ${format(Math.min(...offsets))} ms đến ${format(Math.max(...offsets))} ms sau lúc giết`,
        );
      // Caddy answers 503 by itself when it holds every upstream unhealthy (health checks too slow).
      const noUpstream = caddy
        .output()
        .split('\n')
        .filter((line) => line.includes('no upstreams available')).length;
      if (noUpstream > 0)
        console.log(`  Caddy ghi ${noUpstream} lần "no upstreams available" (mọi tiến trình bị coi là hỏng).`);
      const stored = await checkStored(databaseUrl, mix);
      const contained = figures.errors.length <= inFlightAtKill && late.length === 0;
      const met = routeLines(figures).every((line) => line.p99 < TARGET_P99_MS);
      console.log(
        `Lỗi chỉ là các yêu cầu đang chờ lúc giết: ${contained ? 'ĐÚNG' : 'SAI'}; p99 < ${TARGET_P99_MS} ms ở mọi đường: ${met ? 'ĐẠT' : 'CHƯA ĐẠT'}.`,
      );
      return stored && contained && (met || SMOKE) ? 0 : 1;
    } finally {
      load.close();
    }
  } finally {
    await caddy?.stop();
    await first.stop();
    // A killed instance has exited already (stop() would wait for an exit that has happened).
    if (!secondKilled) await second.stop();
  }
}

/** Progress events (or the whole mix) against a server under --cpu-prof, for the old and the new path. */
async function profileMode(): Promise<number> {
  console.log(
    `bench:rush profile: ${PROFILE_MIX ? 'cả hỗn hợp' : 'chỉ POST /api/v1/progress/events'}, ${PROFILE_RATE}/giây trong ${PROFILE_SECONDS} giây (sau 2 giây khởi động), ` +
      `máy chủ WORKERS=1 chạy với --cpu-prof; thời gian tự thân (self) của từng hàm, gộp theo tên, tệp và dòng.`,
  );
  let stored = true;
  const variants = [
    { label: 'Đường cũ', env: { ...OLD_PATH } as Record<string, string> },
    { label: 'Đường mới', env: {} as Record<string, string> },
  ];
  // BENCH_PROFILE_OLD=0: the new path only (to look at it alone, or at a rate the old one cannot hold).
  for (const variant of process.env.BENCH_PROFILE_OLD === '0' ? variants.slice(1) : variants) {
    console.log(`\n${variant.label} (${envText(variant.env)}):`);
    const databaseUrl = await freshDatabase();
    // Learners are made on a server of their own, so the profile holds only the measured requests.
    const helper = await startServer({ DATABASE_URL: databaseUrl });
    let prepared: Prepared;
    try {
      prepared = await prepare(databaseUrl, helper.baseUrl);
    } finally {
      await helper.stop();
    }
    const folder = mkdtempSync(join(tmpdir(), 'hls-cpu-prof-'));
    const server = await startServer({
      DATABASE_URL: databaseUrl,
      WORKERS: '1',
      ...variant.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${folder}`.trim(),
    });
    const mix = buildMix(
      {
        learners: prepared.learners,
        admin: prepared.admin,
        cookieNames: ['hls_session'],
        origin: server.baseUrl,
        lessons: lessonPaths(PROJECT),
      },
      PROFILE_MIX ? undefined : 'progress',
    );
    const load = new LoadGenerator(directTarget(server), mix.routes, DEADLINE_MS);
    const scale = PROFILE_RATE / (PROFILE_MIX ? BASE_TOTAL : BASE_RATES.progress);
    const { requests, window, serverCpuSeconds } = await (async () => {
      try {
        await load.run(scale, 2);
        const serverCpu = serverCpuMeter([server.pid!]);
        const from = monotonicMicros();
        const figures = await load.run(scale, PROFILE_SECONDS);
        const measured = {
          requests: figures.routes.reduce((sum, route) => sum + route.sent, 0),
          window: [from, monotonicMicros()] as [number, number],
          serverCpuSeconds: serverCpu(),
        };
        printTable(figures, measured.serverCpuSeconds);
        return measured;
      } finally {
        load.close();
        // SIGTERM: the server exits cleanly, and V8 writes the profiles on exit.
        await server.stop();
      }
    })();
    const summary = summariseProfiles(readProfiles(folder), `${PROJECT}/`, window);
    // BENCH_PROFILE_KEEP=1 keeps the .cpuprofile files (for Chrome's DevTools or a closer look).
    if (process.env.BENCH_PROFILE_KEEP === '1') console.log(`Hồ sơ CPU giữ lại trong ${folder}.`);
    else rmSync(folder, { recursive: true, force: true });
    console.log(
      `${summary.profiles} hồ sơ CPU, ${format(summary.samples)} mẫu trong lúc đo; bận ${format(summary.busyMs)} ms, rảnh ${format(summary.idleMs)} ms; ` +
        `${format(requests)} yêu cầu → ${format((1000 * summary.busyMs) / requests)} µs CPU mỗi yêu cầu theo hồ sơ, ` +
        `${format((1e6 * serverCpuSeconds) / requests)} µs theo /proc (có cả chi phí của chính bộ lấy mẫu).`,
    );
    console.log('  Mười hàm tốn nhiều thời gian tự thân nhất (phần trên thời gian bận):');
    for (const entry of summary.top)
      console.log(
        `  ${format(entry.selfMs).padStart(7)} ms ${format(100 * entry.share, 1).padStart(5)} %  ${entry.functionName}  ${entry.url ? `${entry.url}:${entry.line}` : ''}`,
      );
    stored = (await checkStored(databaseUrl, mix)) && stored;
  }
  return stored ? 0 : 1;
}

const modes: Record<string, () => Promise<number>> = {
  mix: mixMode,
  ramp: rampMode,
  caddy: caddyMode,
  profile: profileMode,
};
if (!modes[MODE]) {
  console.error(`Không có chế độ "${MODE}": dùng ramp, caddy, profile hoặc không đối số.`);
  process.exitCode = 2;
} else {
  process.exitCode = await modes[MODE]();
}
