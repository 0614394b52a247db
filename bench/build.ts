/**
 * `npm run bench:build`: builds and indexes scratch sites of 200 and 1,000 synthetic lessons
 * and prints the cost per lesson of each, so growth is visible. Target: the per-lesson cost at
 * 1,000 is at most 1.2× the cost at 200. Options: BENCH_SIZES (lesson counts, comma-separated).
 */
import { execFileSync } from 'node:child_process';
import { writeSyntheticCourses } from './synthetic-content.ts';
import { createScratchProject } from './scratch-project.ts';

const SIZES = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);

function timed(command: string[], cwd: string): number {
  const started = performance.now();
  execFileSync(process.execPath, command, {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return (performance.now() - started) / 1000;
}

const rows: { lessons: number; build: number; index: number; total: number; perLesson: number }[] = [];
for (const lessons of SIZES) {
  const root = createScratchProject(`build-${lessons}`);
  writeSyntheticCourses(root, lessons);
  const build = timed(['node_modules/astro/bin/astro.mjs', 'build'], root);
  const index = timed(['scripts/build-search-index.ts'], root);
  const total = build + index;
  rows.push({ lessons, build, index, total, perLesson: total / lessons });
  console.log(
    `${lessons} bài: dựng ${build.toFixed(1)} s + chỉ mục ${index.toFixed(1)} s = ${total.toFixed(1)} s, ${((1000 * total) / lessons).toFixed(1)} ms/bài`,
  );
}

if (rows.length >= 2) {
  const [small, large] = [rows[0], rows.at(-1)!];
  const ratio = large.perLesson / small.perLesson;
  const marginal = (large.total - small.total) / (large.lessons - small.lessons);
  console.log(
    `Chi phí mỗi bài ở ${large.lessons} so với ở ${small.lessons}: ${ratio.toFixed(2)}× (mục tiêu ≤ 1,2×) ${ratio <= 1.2 ? 'ĐẠT' : 'CHƯA ĐẠT'}`,
  );
  console.log(`Chi phí biên: ${(1000 * marginal).toFixed(1)} ms cho mỗi bài thêm vào (đã trừ phần cố định).`);
}
