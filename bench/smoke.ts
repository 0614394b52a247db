/**
 * `npm run bench:smoke` (and a step of `npm test`): runs every bench of bench/ once at a tiny size
 * and checks that each ends well and prints its figures, so a bench cannot break unseen. The
 * figures themselves mean nothing at these sizes: BENCH_SMOKE=1 tells the benches that a missed
 * performance target is not a failure here (a wrong result still is).
 * Needs a build (`npm run build`), as the benches that start the server do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PROJECT = resolve(import.meta.dirname, '..');
/** A bench that runs longer than this (at its tiny size) has hung. */
const TIMEOUT_MS = Number(process.env.BENCH_SMOKE_TIMEOUT_MS ?? 240_000);
/** Files of this run (removed at the end). */
const SCRATCH = mkdtempSync(join(tmpdir(), 'hls-bench-smoke-'));

interface Smoke {
  /** The tiny size, through the bench's own options. */
  env: Record<string, string>;
  /** Lines the bench must print: each pattern must match some line of its output. */
  figures: RegExp[];
}

/** A number (digits, with . or , inside) followed by a unit. */
const n = String.raw`\d[\d.,]*`;

/** Longest first. Give each new bench an entry: its tiny size and the figure lines it must print. */
const SMOKES: Record<string, Smoke> = {
  'publish.ts': {
    env: { BENCH_LESSONS: '3' },
    figures: [
      new RegExp(`^\\(a\\) Dựng toàn bộ .*: ${n} s$`),
      new RegExp(
        `^\\(b1\\) Xuất bản một bài sửa .*: ${n} s tới khi current\\.json chuyển, ${n} s tới khi máy chủ trả trang mới`,
      ),
      new RegExp(
        `^\\(b2\\) Xuất bản một bài sửa .*: ${n} s tới khi current\\.json chuyển, ${n} s tới khi máy chủ trả trang mới`,
      ),
      new RegExp(`^So sánh: xuất bản tới khi trực tuyến ${n} s so với dựng toàn bộ ${n} s \\(3 bài\\)\\.$`),
    ],
  },
  'build.ts': {
    env: { BENCH_SIZES: '4,8' },
    figures: [
      new RegExp(`^4 bài: dựng ${n} s \\+ chỉ mục ${n} s = ${n} s, ${n} ms/bài$`),
      new RegExp(`^8 bài: dựng ${n} s \\+ chỉ mục ${n} s = ${n} s, ${n} ms/bài$`),
      new RegExp(`^Chi phí mỗi bài ở 8 so với ở 4: ${n}× `),
      new RegExp(`^Chi phí biên: -?${n} ms cho mỗi bài`),
    ],
  },
  'progress.ts': {
    env: { BENCH_CONNECTIONS: '4', BENCH_SECONDS: '1', BENCH_WARM_UP_SECONDS: '1' },
    figures: [
      new RegExp(
        `^GET  /api/v1/health \\(không đăng nhập\\) +${n} yêu cầu/giây, p99 ${n} ms \\(lỗi: 0, không 2xx: 0\\)$`,
      ),
      new RegExp(`^POST /api/v1/progress/events +${n} yêu cầu/giây, p99 ${n} ms \\(lỗi: 0, không 2xx: 0\\)$`),
      new RegExp(`^Tỉ lệ: ${n} % thông lượng`),
      new RegExp(`^Đã lưu ${n} hoạt động .*integrity_check: ok\\.$`),
      new RegExp(
        `^POST /api/v1/progress/events qua Caddy, 1 tiến trình +${n} yêu cầu/giây, p99 ${n} ms \\(lỗi: 0, không 2xx: 0\\)$`,
      ),
      new RegExp(
        `^GET  /api/v1/health qua Caddy, 2 tiến trình +${n} yêu cầu/giây, p99 ${n} ms \\(lỗi: 0, không 2xx: 0\\)$`,
      ),
      new RegExp(
        `^POST /api/v1/progress/events qua Caddy, 2 tiến trình +${n} yêu cầu/giây, p99 ${n} ms \\(lỗi: 0, không 2xx: 0\\)$`,
      ),
      new RegExp(
        `^So với 1 tiến trình trực tiếp: hoạt động ${n} % thông lượng, p99 ${n} ms so với ${n} ms; đã lưu ${n} hoạt động cho ${n} câu trả lời 2xx\\.$`,
      ),
    ],
  },
  'quiz-start.ts': {
    env: { BENCH_LEARNERS: '12', BENCH_SPREAD_SECONDS: '1', BENCH_SAVE_SECONDS: '1', BENCH_SUBMIT_SECONDS: '1' },
    figures: [
      new RegExp(
        `^GET  /api/v1/health \\(có cookie phiên\\) +p50 +${n} ms +p95 +${n} ms +p99 +${n} ms +tối đa +${n} ms +lỗi 0 `,
      ),
      new RegExp(
        `^POST /api/v1/quizzes/…/kiem-tra-cuoi-khoa/attempts +p50 +${n} ms +p95 +${n} ms +p99 +${n} ms +tối đa +${n} ms +lỗi 0 `,
      ),
      new RegExp(
        `^PUT  /api/v1/attempts/\\{id\\}/answers +p50 +${n} ms +p95 +${n} ms +p99 +${n} ms +tối đa +${n} ms +lỗi 0 `,
      ),
      new RegExp(
        `^POST /api/v1/attempts/\\{id\\}/submit +p50 +${n} ms +p95 +${n} ms +p99 +${n} ms +tối đa +${n} ms +lỗi 0 `,
      ),
      new RegExp(`^Đã tạo 12 lần làm bài cho 12 học viên \\(mong đợi 12\\); integrity_check: ok\\.$`),
      new RegExp(
        `^Đã chấm 12 lần làm bài; ${n} câu trả lời đã lưu đúng như lần gửi cuối, sai lệch ở 0 lần làm bài\\.$`,
      ),
    ],
  },
  'rush.ts': {
    env: { BENCH_LEARNERS: '60', BENCH_SECONDS: '4', BENCH_SCALE: '0.2', BENCH_WARM_UP_SECONDS: '1' },
    figures: [
      new RegExp(`^Cơ sở dữ liệu mới \\(dữ liệu mẫu\\): ${n} cán bộ, ${n} đơn vị, ${n} hoạt động học tập`),
      new RegExp(`^Chuẩn bị 60 học viên: .* kích hoạt qua POST /kich-hoat/ ${n} s\\.$`),
      new RegExp(`^POST /api/v1/progress/events +${n} +${n} +${n} +${n} +${n} +\\d+`),
      new RegExp(`^PUT  /api/v1/attempts/\\{id\\}/answers +${n} +${n} +${n} +${n} +${n} +\\d+`),
      new RegExp(`^Tổng +${n} +${n} +${n} +${n} +${n} +\\d+$`),
      new RegExp(`^CPU máy chủ ${n} % một nhân .*; CPU công cụ đo ${n} % một nhân`),
      new RegExp(
        `^Kiểm tra: ${n} hoạt động được xác nhận \\(200\\), thiếu 0, lưu hai lần 0; integrity_check: ok; ${n} lần bắt đầu bài kiểm tra\\. Đúng\\.$`,
      ),
      /^Mục tiêu: p99 < 100 ms ở mọi đường và không lỗi: (ĐẠT|CHƯA ĐẠT)\.$/,
    ],
  },
  'import.ts': {
    env: { BENCH_IMPORT_ROWS: '30', BENCH_IMPORT_COMMUNES: '12', BENCH_IMPORT_OFFICIALS: '60' },
    figures: [
      new RegExp(`^Nhập 30 cán bộ qua HTTP \\(tệp XLSX ${n} MB`),
      new RegExp(`toàn bộ mới .* = ${n} s  \\(mới 30, cập nhật 0, không đổi 0\\)$`),
      new RegExp(`nhập lại y nguyên .* = ${n} s  \\(mới 0, cập nhật 0, không đổi 30\\)$`),
      new RegExp(`sửa mọi dòng .* = ${n} s  \\(mới 0, cập nhật 30, không đổi 0\\)$`),
      new RegExp(`^Chậm nhất: ${n} s`),
      new RegExp(`^Nhập 12 đơn vị cấp xã và 34 tỉnh, thành phố qua HTTP .*= ${n} s$`),
      new RegExp(`^Nhập 60 cán bộ vào 12 xã qua HTTP \\(1 tệp CSV\\): ${n} s$`),
    ],
  },
  'activation-letters.ts': {
    env: { BENCH_LETTERS: '20' },
    figures: [new RegExp(`^Thư kích hoạt: 20 thư \\(PDF ${n} MB\\) trong ${n} giây; mục tiêu dưới 60 giây: đạt\\.$`)],
  },
  'uploads.ts': {
    env: {},
    figures: [
      new RegExp(`^4 video tải lên cùng lúc, mỗi video 2 MB, trong ${n} s$`),
      new RegExp(`^  đã lưu \\(303\\): \\d+, trung vị ${n} s, lâu nhất ${n} s$`),
      /^ {2}kết thúc không gọn: 0$/,
      new RegExp(`^RSS của máy chủ: lúc rảnh ${n} MB, cao nhất ${n} MB \\(mục tiêu dưới 600 MB\\)$`),
    ],
  },
  'stats.ts': {
    env: { BENCH_OFFICIALS: '300', BENCH_EVENTS: '3000', BENCH_RUNS: '2' },
    figures: [
      new RegExp(`^Generated province: 300 officials, 3,000 events in ${n} s$`),
      new RegExp(`^Full build of the stored facts, 300 officials: ${n} s$`),
      new RegExp(`^province dashboard \\(stored facts\\) +p50 +${n} ms +p95 +${n} ms +\\(2 runs; CPU`),
      new RegExp(`^reference: load every row \\+ compute\\.ts +p50 +${n} ms +p95 +${n} ms`),
      new RegExp(`^Writer: \\d+ events .* officials left marked: 0$`),
      new RegExp(`^Province dashboard, quiet, p95 ${n} ms (meets|MISSES) the 50 ms target\\.$`),
    ],
  },
  'backup.ts': {
    env: {},
    figures: [
      new RegExp(`^  sao lưu: ${n} (KB|MB|GB) .* trong ${n} (ms|s) `),
      new RegExp(`^  khôi phục \\(kiểm tra toàn bộ rồi thay\\): ${n} (ms|s)$`),
    ],
  },
  'page-weight.ts': {
    // Its server needs no data; a database of its own keeps it off the project's data/.
    env: { DATABASE_URL: `file:${join(SCRATCH, 'page-weight.db')}` },
    figures: [
      new RegExp(`^Trang chủ +${n} KB +${n} KB +${n} KB +${n} KB +/$`),
      new RegExp(`^Bài học \\(dài nhất\\) +${n} KB +${n} KB +${n} KB +${n} KB +/khoa-hoc/`),
      new RegExp(`→ bài học: ${n} KB gzip so với ngân sách ${n} KB`),
      new RegExp(`^Tìm kiếm: tải thêm khi gõ truy vấn đầu tiên ${n} KB gzip`),
    ],
  },
};

/** Modules of bench/ that are not benches themselves. */
const HELPERS = new Set([
  'scratch-project.ts',
  'synthetic-content.ts',
  'smoke.ts',
  'stats-writer.ts',
  'cpu-profile.ts',
]);
const BENCHES = readdirSync(join(PROJECT, 'bench')).filter((name) => name.endsWith('.ts') && !HELPERS.has(name));

/**
 * A bench without an entry in SMOKES still runs (with BENCH_SMOKE=1 alone: it should pick tiny
 * sizes itself) and must print at least one figure: a number and a unit.
 */
const ANY_FIGURE: Smoke = { env: {}, figures: [/\d[\d.,]*\s?(?:ms|s|phút|B|KB|MB|GB|%|×)(?![\p{L}\d])/u] };

/** SMOKES names only benches that exist, and every `bench:*` script runs one of bench/. */
function coverageProblems(): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(SMOKES))
    if (!BENCHES.includes(name)) problems.push(`SMOKES nêu bench/${name}, nhưng không có tệp đó.`);
  const scripts = (
    JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  for (const [script, command] of Object.entries(scripts)) {
    const file = /^node bench\/([\w-]+\.ts)$/.exec(command)?.[1];
    if (script.startsWith('bench:') && script !== 'bench:smoke' && (!file || !BENCHES.includes(file)))
      problems.push(`package.json "${script}": "${command}" không chạy một bench của bench/.`);
  }
  return problems;
}

interface Outcome {
  code: number | null;
  signal: string | null;
  output: string;
  seconds: number;
  timedOut: boolean;
}

/** Runs one bench in its own process group (so a hang can be ended with its servers). */
function run(file: string, env: Record<string, string>): Promise<Outcome> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join('bench', file)], {
      cwd: PROJECT,
      env: { ...process.env, ...env, BENCH_SMOKE: '1', ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, output, seconds: (performance.now() - started) / 1000, timedOut });
    });
  });
}

/** What is wrong with a bench's run, if anything. */
function runProblems(outcome: Outcome, smoke: Smoke): string[] {
  const problems: string[] = [];
  if (outcome.timedOut) problems.push(`không xong sau ${TIMEOUT_MS / 1000} s`);
  else if (outcome.code !== 0) problems.push(`kết thúc với mã ${outcome.code ?? outcome.signal}`);
  const lines = outcome.output.split('\n').map((line) => line.trimEnd());
  for (const pattern of smoke.figures)
    if (!lines.some((line) => pattern.test(line))) problems.push(`không in dòng số liệu ${pattern}`);
  const broken = lines.filter((line) => /\b(NaN|Infinity|undefined)\b/.test(line));
  if (broken.length > 0) problems.push(`in số không hợp lệ: ${broken.join(' | ')}`);
  return problems;
}

/** Benches run this many at a time (default 2): most of a bench's time is waiting on its server. */
const JOBS = Math.max(1, Number(process.env.BENCH_SMOKE_JOBS ?? 2));

const only = process.argv.slice(2);
const started = performance.now();
const failures: string[] = only.length > 0 ? [] : coverageProblems();
for (const problem of failures) console.error(`✖ ${problem}`);
const unlisted = BENCHES.filter((name) => !SMOKES[name]);
for (const name of unlisted)
  console.log(
    `! bench/${name} chưa có mục trong SMOKES của bench/smoke.ts: chạy với BENCH_SMOKE=1 và chỉ kiểm tra nó in một số liệu.`,
  );
// Unlisted benches, then the longest first (SMOKES is in that order), so slow ones overlap quick ones.
const queue = [...unlisted.map((name) => [name, ANY_FIGURE] as const), ...Object.entries(SMOKES)].filter(
  ([file]) => only.length === 0 || only.includes(file),
);
async function worker(): Promise<void> {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [file, smoke] = next;
    const outcome = await run(file, smoke.env);
    const problems = runProblems(outcome, smoke);
    const figures = outcome.output
      .split('\n')
      .filter((line) => smoke.figures.some((pattern) => pattern.test(line.trimEnd())));
    if (problems.length === 0) {
      console.log(
        [`✔ bench/${file} (${outcome.seconds.toFixed(1)} s)`, ...figures.map((line) => `    ${line.trim()}`)].join(
          '\n',
        ),
      );
    } else {
      const tail = outcome.output
        .split('\n')
        .slice(-40)
        .map((line) => `    ${line}`);
      console.error([`✖ bench/${file} (${outcome.seconds.toFixed(1)} s): ${problems.join('; ')}`, ...tail].join('\n'));
      failures.push(`bench/${file}: ${problems.join('; ')}`);
    }
  }
}
await Promise.all(Array.from({ length: JOBS }, () => worker()));
rmSync(SCRATCH, { recursive: true, force: true });
const total = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(`Chạy thử các bench: ${failures.length} lỗi sau ${total} s.`);
  process.exitCode = 1;
} else {
  console.log(`Chạy thử các bench: tất cả chạy xong và in số liệu, ${total} s.`);
}
