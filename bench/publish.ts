/**
 * `npm run bench:publish`: on a scratch site of 1,000 synthetic lessons (bench/synthetic-content.ts)
 * measures (a) the full build (scripts/build.mjs: astro build + search index) and (b) publish-to-
 * live of a one-lesson change: from requestPublication to the moment data/builds/current.json
 * names the new build, and to the moment a server running on the scratch site (scripts/serve.mjs)
 * answers the lesson with the new text. (b) runs twice: the first publication fills the build
 * workspace (data/publish/workspace/), the second finds it and Astro's caches warm, as every
 * publication after the first one does. Options: BENCH_LESSONS (1000).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { courseDrafts, publishJobs } from '../db/schema/index.ts';
import { seedDemo } from '../db/seed.ts';
import { createSession, validateSessionToken } from '../src/lib/server/auth/sessions.ts';
import { startDraftOfLiveCourse, writeDraftFiles } from '../src/lib/server/authoring/draft-store.ts';
import { getDb } from '../src/lib/server/db.ts';
import { kickPublishRunner, requestPublication } from '../src/lib/server/publishing/queue.ts';
import { createScratchProject } from './scratch-project.ts';
import { writeSyntheticCourses } from './synthetic-content.ts';

const LESSONS = Number(process.env.BENCH_LESSONS ?? 1000);
const COURSE = 'tong-hop-1';
const LESSON_KEY = `courses/${COURSE}/lessons/01-bai-1.mdx`;
const LESSON_URL = `/khoa-hoc/${COURSE}/bai-1/`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

// The scratch site: the project's code (db/ included) with 1,000 synthetic lessons.
const root = createScratchProject('publish');
writeSyntheticCourses(root, LESSONS);
console.log(`Trang thử: ${root} (${LESSONS} bài)`);

// (a) The full build, as `npm run build` does it.
const started = performance.now();
execFileSync(process.execPath, ['scripts/build.mjs'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
const fullBuild = performance.now() - started;
console.log(`(a) Dựng toàn bộ (astro build + chỉ mục tìm kiếm): ${seconds(fullBuild)}`);

// The database and a server on the scratch site, as in production.
process.chdir(root);
process.env.DATABASE_URL = `file:${join(root, 'data', 'bench.db')}`;
const setup = openDatabase(process.env.DATABASE_URL);
await migrateDatabase(setup);
await seedDemo(setup);
setup.$client.close();
const port = await freePort();
const server = spawn(process.execPath, ['scripts/serve.mjs'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BUILD_POLL_MS: '250' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let tries = 0; ; tries += 1) {
  try {
    if ((await fetch(`${base}${LESSON_URL}`)).ok) break;
  } catch {
    // Not listening yet.
  }
  if (tries > 600) throw new Error('Máy chủ thử không trả lời.');
  await sleep(100);
}

const thamdinh = await validateSessionToken(
  await createSession(
    (await getDb().query.users.findFirst({ where: (users, { eq: is }) => is(users.username, 'thamdinh') }))!.id,
  ),
);
if (!thamdinh) throw new Error('Không tạo được phiên của người thẩm định.');
const reviewer = thamdinh.user;

const currentId = () => {
  try {
    return (JSON.parse(readFileSync(join(root, 'data', 'builds', 'current.json'), 'utf8')) as { id: string }).id;
  } catch {
    return undefined;
  }
};

/** One publication of a one-lesson change; times to current.json and to the served page. */
async function publishOnce(marker: string): Promise<{ toSwitch: number; toServed: number | undefined; steps: string }> {
  const draft = await startDraftOfLiveCourse(reviewer, COURSE, null);
  if (!draft) throw new Error('Không mở được bản nháp.');
  const written = await writeDraftFiles(reviewer, draft.id, {
    [LESSON_KEY]: `${draft.files[LESSON_KEY].replace(/\s*$/, '')}\n\n${marker}\n`,
  });
  if (!written.ok) throw new Error(`Không ghi được bản nháp: ${written.reason}`);
  await getDb()
    .update(courseDrafts)
    .set({ status: 'submitted', submittedAt: new Date() })
    .where(eq(courseDrafts.id, draft.id));
  const before = currentId();
  const start = performance.now();
  const outcome = await requestPublication(reviewer, draft.id);
  if (!outcome.ok) throw new Error(`Xuất bản bị từ chối: ${JSON.stringify(outcome)}`);
  let toSwitch: number | undefined;
  let toServed: number | undefined;
  const runner = kickPublishRunner();
  // When each step began, read from the job as the progress page reads it.
  const stepTimes: string[] = [];
  let lastStep: string | null | undefined;
  const watchSteps = setInterval(() => {
    void getDb()
      .select({ step: publishJobs.step })
      .from(publishJobs)
      .where(eq(publishJobs.id, outcome.jobId))
      .then(([row]) => {
        if (row && row.step !== lastStep) {
          lastStep = row.step;
          stepTimes.push(`${row.step} ${seconds(performance.now() - start)}`);
        }
      });
  }, 100);
  let runnerDone = false;
  void runner.then(() => (runnerDone = true));
  while (toServed === undefined) {
    if (toSwitch === undefined && currentId() !== before) toSwitch = performance.now() - start;
    if (toSwitch !== undefined) {
      const page = await fetch(`${base}${LESSON_URL}`)
        .then((response) => response.text())
        .catch(() => '');
      if (page.includes(marker)) toServed = performance.now() - start;
    }
    if (runnerDone && toSwitch === undefined) break;
    if (toSwitch !== undefined && performance.now() - start - toSwitch > 60_000) break;
    await sleep(50);
  }
  await runner;
  clearInterval(watchSteps);
  const [job] = await getDb().query.publishJobs.findMany({ where: (jobs, { eq: is }) => is(jobs.draftId, draft.id) });
  if (job?.status !== 'succeeded') throw new Error(`Xuất bản không thành công: ${job?.failure ?? ''}`);
  return { toSwitch: toSwitch ?? performance.now() - start, toServed, steps: stepTimes.join(', ') };
}

try {
  const results = [];
  for (const [index, label] of [
    'lần đầu, dựng thư mục làm việc',
    'lần sau, thư mục làm việc và bộ nhớ đệm có sẵn',
  ].entries()) {
    const result = await publishOnce(`Đoạn đánh dấu lần xuất bản ${index + 1} ${Date.now()}.`);
    results.push(result);
    console.log(
      `(b${index + 1}) Xuất bản một bài sửa (${label}): ${seconds(result.toSwitch)} tới khi current.json chuyển, ` +
        `${result.toServed === undefined ? 'máy chủ chưa trả trang mới sau 60 s' : `${seconds(result.toServed)} tới khi máy chủ trả trang mới`}` +
        ` (các bước bắt đầu lúc: ${result.steps})`,
    );
  }
  const last = results.at(-1)!;
  console.log(
    `So sánh: xuất bản tới khi trực tuyến ${seconds(last.toServed ?? last.toSwitch)} so với dựng toàn bộ ${seconds(fullBuild)} (${LESSONS} bài).`,
  );
} finally {
  server.kill();
}
process.exit(0);
