/**
 * `npm run bench:backup`: size and duration of `npm run backup` (src/lib/server/backup/create.ts)
 * and of a restore (checking the whole archive, then swapping it in) on two instances, each a copy
 * of the project with a published build (a copy of dist/, as a publication leaves one), the demo
 * H5P activities, content/ and public/media/:
 *  - the demo data (the seed);
 *  - a large database: the demo plus one province of BENCH_OFFICIALS officials (default 20,000,
 *    ~100 per commune) with accounts, ~30 % completions of 7 courses, and BENCH_EVENTS progress
 *    events (default 2,000,000), as bench/stats.ts builds them. That builder is not importable
 *    (bench/stats.ts runs its measurements at import), so the same shape is generated here with
 *    INSERT … SELECT over a recursive CTE, which is also much faster.
 * Needs a build (`npm run build`: dist/ is the published build). BENCH_SMOKE=1: tiny sizes
 * (200 officials, 2,000 events), for the bench smoke run of the test suite.
 */
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedDemo } from '../db/seed.ts';
import { formatBytes } from '../src/lib/format.ts';
import { vietnamMidnight } from '../src/lib/vietnam-time.ts';
import { createBackup, type BackupResult } from '../src/lib/server/backup/create.ts';
import { restoreBackup } from '../src/lib/server/backup/restore.ts';
import { copyProject, type ProjectCopy } from '../tests/support/project-copy.ts';
import { freePort } from '../tests/support/server.ts';

const SMOKE = process.env.BENCH_SMOKE === '1';
const OFFICIALS = Number(process.env.BENCH_OFFICIALS ?? (SMOKE ? 200 : 20_000));
const EVENTS = Number(process.env.BENCH_EVENTS ?? (SMOKE ? 2_000 : 2_000_000));
const PER_COMMUNE = 100;
const COURSES = [
  'chuyen-mon-dat-dai',
  'chuyen-mon-tai-chinh',
  'qlnn-chung',
  'lanh-dao-quan-ly',
  'tiep-cong-dan',
  'ky-nang-so',
  'giao-tiep',
];
const START = vietnamMidnight('2026-01-01');
const SPAN = vietnamMidnight('2026-11-01') - START;

const copies: ProjectCopy[] = [];
const scratch: string[] = [];

/** A copy of the project with the seeded database, demo H5P and a published build. */
async function instance(): Promise<{ root: string; databaseUrl: string; h5pDir: string }> {
  const project = copyProject();
  copies.push(project);
  const h5pDir = join(project.root, 'data/h5p');
  process.env.H5P_DIR = h5pDir; // The seed installs the demo H5P activities there.
  const databaseUrl = `file:${join(project.root, 'data/hoc-lieu-so.db')}`;
  const db = openDatabase(databaseUrl);
  await migrateDatabase(db);
  await seedDemo(db);
  db.$client.close();
  const buildId = '20260101T000000Z-bench';
  cpSync(join(project.root, 'dist'), join(project.root, 'data/builds', buildId), { recursive: true });
  writeFileSync(
    join(project.root, 'data/builds/current.json'),
    JSON.stringify({ id: buildId, at: new Date().toISOString() }),
  );
  return { root: project.root, databaseUrl, h5pDir };
}

/** One province of `officials` officials with accounts, completions and `events` progress events. */
async function generateProvince(databaseUrl: string, officials: number, events: number): Promise<void> {
  const db = openDatabase(databaseUrl);
  const client = db.$client;
  const communes = Math.max(1, Math.ceil(officials / PER_COMMUNE));
  const courseCase = `CASE %s ${COURSES.map((course, index) => `WHEN ${index} THEN '${course}'`).join(' ')} END`;
  const statements = [
    `INSERT INTO units (id, parent_id, level, kind, name, code, path) VALUES ('bp', NULL, 'province', 'tinh', 'Tỉnh đo thử', 'BP', '/bp/')`,
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${communes})
     INSERT INTO units (id, parent_id, level, kind, name, code, path) SELECT 'bpc' || i, 'bp', 'commune', 'xa', 'Xã ' || i, 'BP-C' || i, '/bp/bpc' || i || '/' FROM n`,
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${officials})
     INSERT INTO officials (id, staff_code, full_name, unit_id, job_title, job_position, "group", underqualified, underqualified_since, active, created_at, updated_at)
     SELECT 'bpo' || i, 'BP-' || i, 'Cán bộ ' || i, 'bpc' || (i % ${communes}), 'Công chức', 'Chuyên viên',
            CASE i % 5 WHEN 0 THEN 'can-bo' WHEN 1 THEN 'lanh-dao-quan-ly' ELSE 'cong-chuc-chuyen-mon' END,
            (i % 7 = 0), CASE WHEN i % 7 = 0 THEN '2026-03-01' END, 1, ${START - 86_400_000}, ${START} FROM n`,
    `INSERT INTO users (id, username, official_id, display_name, password_hash) SELECT 'u' || id, 'u' || id, id, full_name, 'x' FROM officials WHERE id LIKE 'bpo%'`,
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${officials * COURSES.length})
     INSERT INTO course_completions (user_id, course_id, official_id, unit_id, completed_at, score_percent, course_version)
     SELECT 'ubpo' || (i / ${COURSES.length}), ${courseCase.replace('%s', `i % ${COURSES.length}`)}, 'bpo' || (i / ${COURSES.length}),
            'bpc' || ((i / ${COURSES.length}) % ${communes}), ${START} + (i * 7919) % ${SPAN}, 60 + (i * 31) % 40, 'v1'
     FROM n WHERE (i * 2654435761) % 10 < 3`,
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${events})
     INSERT INTO progress_events (user_id, event_id, kind, course_id, lesson_id, occurred_at, received_at)
     SELECT 'ubpo' || ((i * 2654435761) % ${officials}), 'e' || i,
            CASE i % 3 WHEN 0 THEN 'lesson_opened' WHEN 1 THEN 'lesson_completed' ELSE 'video_watched' END,
            ${courseCase.replace('%s', `i % ${COURSES.length}`)}, ${courseCase.replace('%s', `i % ${COURSES.length}`)} || '/bai-' || (i % 8),
            ${START} + (i * 104729) % ${SPAN}, ${START} + (i * 104729) % ${SPAN} FROM n`,
  ];
  try {
    for (const sql of statements) await client.execute(sql);
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    client.close();
  }
}

interface Figures {
  label: string;
  databaseBytes: number;
  filesBytes: number;
  result: BackupResult;
  snapshotMs: number;
  restoreMs: number;
}

async function measure(label: string, root: string, databaseUrl: string, h5pDir: string): Promise<Figures> {
  const outDir = mkdtempSync(join(tmpdir(), 'hls-bench-backups-'));
  scratch.push(outDir);
  const started = performance.now();
  let snapshotMs = 0;
  const result = await createBackup({
    root,
    databaseUrl,
    h5pDir,
    outDir,
    log: (line) => {
      if (line.startsWith('Đã chụp cơ sở dữ liệu')) snapshotMs = performance.now() - started;
    },
  });
  const target = copyProject();
  copies.push(target);
  const restoreResult = await restoreBackup({
    archive: result.archive,
    root: target.root,
    databaseUrl: `file:${join(target.root, 'data/hoc-lieu-so.db')}`,
    h5pDir: join(target.root, 'data/h5p'),
    host: '127.0.0.1',
    port: await freePort(),
  });
  const { parts } = result.manifest;
  const filesBytes =
    parts.builds.bytes + parts.h5p.bytes + parts.drafts.bytes + parts.content.bytes + parts.media.bytes;
  return {
    label,
    databaseBytes: parts.database.bytes,
    filesBytes,
    result,
    snapshotMs,
    restoreMs: restoreResult.durationMs,
  };
}

const seconds = (ms: number) =>
  ms < 1000
    ? `${Math.round(ms)} ms`
    : `${(ms / 1000).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;

function print(figures: Figures): void {
  const { result } = figures;
  const total = figures.databaseBytes + figures.filesBytes;
  console.log(`${figures.label}`);
  console.log(
    `  nội dung: cơ sở dữ liệu ${formatBytes(figures.databaseBytes)} (${(result.manifest.database.tables.progress_events ?? 0).toLocaleString('vi-VN')} hoạt động), tệp ${formatBytes(figures.filesBytes)}; ${result.manifest.files.length.toLocaleString('vi-VN')} tệp`,
  );
  console.log(
    `  sao lưu: ${formatBytes(result.bytes)} (${((100 * result.bytes) / total).toLocaleString('vi-VN', { maximumFractionDigits: 0 })} % kích thước gốc) trong ${seconds(result.durationMs)}` +
      ` (chụp cơ sở dữ liệu + kiểm tra ${seconds(figures.snapshotMs)}; ${(total / 1_048_576 / (result.durationMs / 1000)).toLocaleString('vi-VN', { maximumFractionDigits: 0 })} MB/s)`,
  );
  console.log(`  khôi phục (kiểm tra toàn bộ rồi thay): ${seconds(figures.restoreMs)}`);
}

try {
  console.log(SMOKE ? 'BENCH_SMOKE=1: kích thước nhỏ.' : 'Sao lưu và khôi phục: dữ liệu mẫu, rồi một tỉnh lớn.');
  const demo = await instance();
  print(await measure('Dữ liệu mẫu (seed) + bản dựng đã xuất bản', demo.root, demo.databaseUrl, demo.h5pDir));

  const large = await instance();
  const generating = performance.now();
  await generateProvince(large.databaseUrl, OFFICIALS, EVENTS);
  const dbBytes = statSync(join(large.root, 'data/hoc-lieu-so.db')).size;
  console.log(
    `(Đã tạo ${OFFICIALS.toLocaleString('vi-VN')} cán bộ, ${EVENTS.toLocaleString('vi-VN')} hoạt động: ${formatBytes(dbBytes)} trong ${seconds(performance.now() - generating)})`,
  );
  print(
    await measure(
      `Tỉnh ${OFFICIALS.toLocaleString('vi-VN')} cán bộ, ${EVENTS.toLocaleString('vi-VN')} hoạt động + dữ liệu mẫu`,
      large.root,
      large.databaseUrl,
      large.h5pDir,
    ),
  );
} finally {
  for (const copy of copies) copy.cleanup();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
}
