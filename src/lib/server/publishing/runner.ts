/**
 * The publication runner: one job at a time per site. A job is claimed with a conditional UPDATE
 * (queued → running), so two server processes never take the same one, and the build workspace is
 * held by a lock file naming the process. Steps: validating (against the live content of now) →
 * building (astro build in the workspace) → indexing (Pagefind) → switching (build folder renamed
 * into data/builds/, live content/ and public/ updated, database, then current.json and the
 * running server switched) → done. Any failure before switching leaves the live site untouched.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, max } from 'drizzle-orm';
import {
  courseDrafts,
  coursePublications,
  publishJobs,
  type CourseDraft,
  type PublishJob,
} from '../../../../db/schema/index.ts';
import type { PublishProblem } from '../../authoring/vocabulary.ts';
import { parseYamlText } from '../../authoring/content-text.ts';
import { siteRoot } from '../authoring/draft-files.ts';
import { recordDraftEvent } from '../authoring/draft-store.ts';
import { todayInVietnam } from '../../vietnam-time.ts';
import { onRetire } from '../build-lifecycle.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { BuildProgress, outputTail, problemsInOutput } from './build-output.ts';
import { draftCourseVersion } from '../../completion/course-hash.ts';
import { applyDraftMedia, applyDraftToContent, filesBelow, writeFileAtomic } from './draft-tree.ts';
import { acquirePublishLock, processAlive, publishLockFile, publishLockPid, releasePublishLock } from './lock.ts';
import { validateDraft } from './validate-draft.ts';
import { syncWorkspace, workspaceDir } from './workspace.ts';

/** Said when a process died while building: the job is failed at the next start. */
export const RESTART_FAILURE = 'Máy chủ khởi động lại trong lúc dựng; hãy xuất bản lại.';

const SWITCH_BUILD = Symbol.for('hoc-lieu-so.switch-build');
const STATE = Symbol.for('hoc-lieu-so.publish-runner');

interface RunnerState {
  started: boolean;
  loop: Promise<void> | undefined;
  again: boolean;
  timer: ReturnType<typeof setInterval> | undefined;
}

function state(): RunnerState {
  const holder = globalThis as unknown as Record<symbol, RunnerState | undefined>;
  holder[STATE] ??= { started: false, loop: undefined, again: false, timer: undefined };
  return holder[STATE];
}

/** A failure with what to tell the writer. */
class PublishFailure extends Error {
  problems: PublishProblem[];
  constructor(message: string, problems: PublishProblem[] = []) {
    super(message);
    this.problems = problems;
  }
}

/** Jobs left running by a process that is gone: failed, their drafts back to review. */
async function failAbandonedJobs(root: string): Promise<void> {
  const holder = publishLockPid(root);
  // A live process (this one included, after a build switch) is still building: not abandoned.
  if (holder !== undefined && processAlive(holder)) return;
  const db = getDb();
  const running = await db.select().from(publishJobs).where(eq(publishJobs.status, 'running'));
  for (const job of running) await failJob(job, RESTART_FAILURE, []);
  if (holder !== undefined) rmSync(publishLockFile(root), { force: true });
}

/**
 * Starts the runner once per process: fails jobs a dead process left running, then runs the queued
 * ones; afterwards it looks for queued jobs now and then (another process may have queued them).
 */
export function ensurePublishRunner(): void {
  const current = state();
  if (current.started) return;
  current.started = true;
  const root = siteRoot();
  void failAbandonedJobs(root)
    .catch((error: unknown) => console.error('Publishing: could not check abandoned jobs', error))
    .then(() => kickPublishRunner());
  current.timer = setInterval(() => void kickPublishRunner(), 15_000);
  current.timer.unref();
  // When the site switches to a newer build, that build's code takes over the polling.
  onRetire(() => {
    clearInterval(current.timer);
    current.timer = undefined;
    current.started = false;
  });
}

/** Runs queued jobs until none is left; resolves when the runner is idle again. */
export function kickPublishRunner(): Promise<void> {
  const current = state();
  if (current.loop) {
    current.again = true;
    return current.loop;
  }
  current.loop = (async () => {
    try {
      do {
        current.again = false;
        while (await runNextJob(siteRoot())) {
          // One job at a time, oldest first.
        }
      } while (current.again);
    } catch (error) {
      console.error('Publishing: runner stopped', error);
    } finally {
      current.loop = undefined;
    }
  })();
  return current.loop;
}

/** Resolves when no job is running in this process. */
export function publishRunnerIdle(): Promise<void> {
  return state().loop ?? Promise.resolve();
}

/** Claims and runs the oldest queued job; false when there was none (or the workspace is busy). */
async function runNextJob(root: string): Promise<boolean> {
  const db = getDb();
  const [next] = await db
    .select({ id: publishJobs.id })
    .from(publishJobs)
    .where(eq(publishJobs.status, 'queued'))
    .orderBy(asc(publishJobs.createdAt))
    .limit(1);
  if (!next) return false;
  if (!acquirePublishLock(root)) return false;
  try {
    const [job] = await db
      .update(publishJobs)
      .set({ status: 'running', step: 'validating', percent: 2, startedAt: new Date() })
      .where(and(eq(publishJobs.id, next.id), eq(publishJobs.status, 'queued')))
      .returning();
    if (!job) return true;
    await runJob(job, root);
    return true;
  } finally {
    releasePublishLock(root);
  }
}

async function setProgress(
  jobId: string,
  values: Partial<Pick<PublishJob, 'step' | 'percent' | 'buildId'>>,
): Promise<void> {
  await getDb().update(publishJobs).set(values).where(eq(publishJobs.id, jobId));
}

async function failJob(job: PublishJob, failure: string, problems: PublishProblem[]): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .update(publishJobs)
      .set({ status: 'failed', failure, problems, finishedAt: new Date() })
      .where(eq(publishJobs.id, job.id));
    await tx
      .update(courseDrafts)
      .set({ status: 'submitted', updatedAt: new Date() })
      .where(and(eq(courseDrafts.id, job.draftId), eq(courseDrafts.status, 'submitted')));
    await recordDraftEvent(tx, job.draftId, 'publish_failed', job.requestedBy, failure);
  });
}

/** course.yaml with `version` and `updated` set, the rest of the text as the author wrote it. */
export function bumpedCourseYaml(text: string, version: number, updated: string): string {
  let result = text.replace(/\s*$/, '\n');
  for (const [key, value] of [
    ['version', String(version)],
    ['updated', updated],
  ] as const) {
    const line = new RegExp(`^${key}:.*$`, 'm');
    result = line.test(result) ? result.replace(line, `${key}: ${value}`) : `${result}${key}: ${value}\n`;
  }
  return result;
}

/** The next publication number of a course. */
async function nextVersionNumber(courseId: string, root: string): Promise<number> {
  const [row] = await getDb()
    .select({ top: max(coursePublications.versionNumber) })
    .from(coursePublications)
    .where(eq(coursePublications.courseId, courseId));
  let live = 0;
  const liveYaml = join(root, 'content', 'courses', courseId, 'course.yaml');
  if (existsSync(liveYaml)) {
    const data = parseYamlText(readFileSync(liveYaml, 'utf8')) as { version?: unknown } | undefined;
    if (typeof data?.version === 'number') live = data.version;
  }
  return Math.max(live, row?.top ?? 0) + 1;
}

interface RunResult {
  code: number;
  output: string;
}

/** What the build's environment may take from the server's: nothing secret, nothing of the database. */
const BUILD_ENV_KEYS = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'SITE_URL'] as const;

/**
 * The environment of a publication build: an allowlist, so the database URL and token, xAPI
 * credentials and any other secret of the server never reach code that reads author content.
 * HOME is the workspace, so no user configuration (an .npmrc token, say) is in reach either.
 */
export function buildEnvironment(cwd: string, serverEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: cwd, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' };
  for (const key of BUILD_ENV_KEYS) if (serverEnv[key] !== undefined) env[key] = serverEnv[key];
  return env;
}

/** Runs node with `args` in `cwd`, feeding each output line to `onLine`. */
function runNode(args: string[], cwd: string, onLine: (line: string) => void): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: buildEnvironment(cwd), stdio: ['ignore', 'pipe', 'pipe'] });
    // A build must not outlive the server that started it (nobody would commit or clean up after it).
    const stopChild = () => child.kill('SIGTERM');
    process.once('exit', stopChild);
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (output.length > 400_000) output = output.slice(-200_000);
      pending += text;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => {
      process.off('exit', stopChild);
      if (pending) onLine(pending);
      resolve({ code: code ?? -1, output });
    });
  });
}

function expectedPagesFile(root: string): string {
  return join(workspaceDir(root), '.publish-pages.json');
}

function expectedPages(root: string): number {
  try {
    return Number(JSON.parse(readFileSync(expectedPagesFile(root), 'utf8')).pages) || 0;
  } catch {
    return filesBelow(join(root, 'content')).length + 60;
  }
}

function newBuildId(): string {
  return `${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${newId().slice(0, 6)}`;
}

async function runJob(job: PublishJob, root: string): Promise<void> {
  const db = getDb();
  try {
    const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.id, job.draftId)).limit(1);
    if (!draft || draft.status !== 'submitted')
      throw new PublishFailure('Bản nháp không còn ở trạng thái chờ duyệt nên không xuất bản được.');

    // validating: against the live content as it is now (another course may have changed).
    const problems = await validateDraft(draft);
    if (problems.length > 0)
      throw new PublishFailure(`Nội dung có ${problems.length} lỗi cần sửa trước khi xuất bản.`, problems);
    await setProgress(job.id, { step: 'building', percent: 5 });

    // building: the workspace mirrors the live site, then gets the draft and the new version.
    const workspace = workspaceDir(root);
    syncWorkspace(root);
    const versionNumber = await nextVersionNumber(draft.courseId, root);
    const files = publishedFiles(draft, versionNumber);
    applyDraftToContent(join(workspace, 'content'), { courseId: draft.courseId, files });
    applyDraftMedia(join(workspace, 'public'), draft);
    const contentHash = draftCourseVersion(draft.courseId, files);
    await setProgress(job.id, { percent: 10 });

    const progress = new BuildProgress(expectedPages(root));
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const build = await runNode(['node_modules/astro/bin/astro.mjs', 'build'], workspace, (line) => {
      if (!progress.line(line) || Date.now() - lastWrite < 1000) return;
      lastWrite = Date.now();
      writing = writing.then(() => setProgress(job.id, { percent: progress.percent })).catch(() => undefined);
    });
    await writing;
    if (build.code !== 0) {
      const found = problemsInOutput(build.output, workspace);
      const tail = outputTail(build.output.replaceAll(`${workspace}/`, ''));
      throw new PublishFailure(
        `Dựng trang không thành công (mã thoát ${build.code})${found.length > 0 ? `: ${found.length} lỗi nội dung, xem danh sách` : ''}. Trang đang chạy không thay đổi. Dòng cuối của nhật ký dựng:\n${tail}`,
        found,
      );
    }
    if (progress.pages > 0) writeFileAtomic(expectedPagesFile(root), JSON.stringify({ pages: progress.pages }));

    // indexing
    await setProgress(job.id, { step: 'indexing', percent: 82 });
    const index = await runNode(['scripts/build-search-index.ts', 'dist/client'], workspace, () => undefined);
    if (index.code !== 0) {
      throw new PublishFailure(
        `Lập chỉ mục tìm kiếm không thành công (mã thoát ${index.code}). Trang đang chạy không thay đổi. Dòng cuối của nhật ký:\n${outputTail(index.output)}`,
      );
    }
    // Precompressed copies (.br, .gz) for Caddy and serve.mjs, in a child: brotli takes seconds.
    const compressed = await runNode(['scripts/precompress.mjs', 'dist/client'], workspace, () => undefined);
    if (compressed.code !== 0) {
      throw new PublishFailure(
        `Nén sẵn các tệp của trang không thành công (mã thoát ${compressed.code}). Trang đang chạy không thay đổi. Dòng cuối của nhật ký:\n${outputTail(compressed.output)}`,
      );
    }

    // switching: the build aside first (same file system: a rename), then the live files.
    await setProgress(job.id, { step: 'switching', percent: 95 });
    const buildId = newBuildId();
    const buildsDir = join(root, 'data', 'builds');
    mkdirSync(buildsDir, { recursive: true });
    renameSync(join(workspace, 'dist'), join(buildsDir, buildId));
    applyDraftToContent(join(root, 'content'), { courseId: draft.courseId, files });
    applyDraftMedia(join(root, 'public'), draft);

    const now = new Date();
    await db.transaction(async (tx) => {
      await tx.insert(coursePublications).values({
        courseId: draft.courseId,
        versionNumber,
        contentHash,
        draftId: draft.id,
        publishedBy: job.requestedBy,
        publishedAt: now,
        buildId,
      });
      await tx
        .update(courseDrafts)
        .set({
          status: 'published',
          publishedVersion: versionNumber,
          reviewedBy: job.requestedBy,
          reviewedAt: now,
          updatedAt: now,
        })
        .where(eq(courseDrafts.id, draft.id));
      await recordDraftEvent(tx, draft.id, 'published', job.requestedBy, `Phiên bản ${versionNumber}`);
      await tx
        .update(publishJobs)
        .set({ status: 'succeeded', step: 'done', percent: 100, buildId, problems: [], failure: null, finishedAt: now })
        .where(eq(publishJobs.id, job.id));
    });
    writeFileAtomic(join(buildsDir, 'current.json'), `${JSON.stringify({ id: buildId, at: now.toISOString() })}\n`);
    const switchBuild = (globalThis as unknown as Record<symbol, ((id: string) => unknown) | undefined>)[SWITCH_BUILD];
    try {
      await switchBuild?.(buildId);
    } catch (error) {
      console.error('Publishing: switching the running server failed; it will pick up current.json', error);
    }
  } catch (error) {
    if (error instanceof PublishFailure) await failJob(job, error.message, error.problems);
    else {
      console.error('Publishing: job failed', error);
      await failJob(
        job,
        `Xuất bản không thành công do lỗi máy chủ: ${(error as Error).message}. Trang đang chạy không thay đổi.`,
        [],
      );
    }
  }
}

/** The files to publish: the draft's, with course.yaml carrying the new version and today's date. */
function publishedFiles(draft: CourseDraft, versionNumber: number): Record<string, string> {
  const key = `courses/${draft.courseId}/course.yaml`;
  const files = { ...draft.files };
  if (files[key] !== undefined) files[key] = bumpedCourseYaml(files[key], versionNumber, todayInVietnam());
  return files;
}
