/**
 * Imports run as background jobs, so the page can show how far the server has got (polled as
 * JSON) instead of one long silent request. The work runs in the server process that received
 * the request, but the job lives in the database (import_jobs), because with several instances
 * behind the proxy the polls may reach any of them (issue 13). Only the user who started a job
 * can see it. One job per user at a time and few at once overall, so large uploads cannot pile
 * up in memory. Finished jobs are deleted after a while.
 */
import { and, eq, lt, ne } from 'drizzle-orm';
import { importJobs } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { ImportError } from '../../officials-import/errors.ts';
import type { ImportJobStatus } from '../../../schemas/api/import-jobs.ts';

/** How a running step tells how far it has got. */
export interface ProgressReporter {
  /** Starts a named step ("Đang đọc tệp") of `total` units (0 when unknown). */
  step(label: string, total?: number): void;
  /** Units of the current step done so far. */
  advance(done: number): void;
}

/** A job as the progress endpoint reports it (the shape the import pages' script reads). */
export type { ImportJobStatus };

/** Finished jobs are deleted after this long. */
const KEEP_FINISHED_MS = 15 * 60 * 1000;
/** Jobs running at once, over all instances. */
const MAX_RUNNING = 3;
/** Progress is written at most this often (plus at each new step), not at every row. */
const PROGRESS_EVERY_MS = 250;
/** A running job's instance refreshes its heartbeat this often... */
const HEARTBEAT_EVERY_MS = 5_000;
/** ...so a running job whose heartbeat is older than this died with its instance. */
const STALE_AFTER_MS = 30_000;

/**
 * Both kinds of job write the officials list in one transaction or not at all (the preview
 * writes only its own record; the commit, commit.ts, is all or nothing), so a job cut off
 * part way left no half-done change behind.
 */
const STOPPED = {
  status: 500,
  message:
    'Máy chủ xử lý việc này đã dừng giữa chừng. Danh sách cán bộ chỉ thay đổi khi việc nhập hoàn tất trọn vẹn, nên không có thay đổi dở dang nào được lưu. Hãy tải lại trang rồi thử lại.',
};

const BROKEN = {
  status: 500,
  message: 'Máy chủ gặp sự cố khi xử lý tệp. Chưa có thay đổi nào được lưu. Hãy thử lại sau.',
};

type JobRow = typeof importJobs.$inferSelect;

const statusOf = (
  row: Pick<JobRow, 'id' | 'state' | 'step' | 'done' | 'total' | 'redirectTo' | 'errorStatus' | 'errorMessage'>,
): ImportJobStatus => ({
  id: row.id,
  state: row.state,
  step: row.step,
  done: row.done,
  total: row.total,
  redirectTo: row.redirectTo ?? undefined,
  error:
    row.errorStatus !== null && row.errorMessage !== null
      ? { status: row.errorStatus, message: row.errorMessage }
      : undefined,
});

/** Marks running jobs whose heartbeat stopped before `cutoff` as failed (all of them, or one). */
function failStale(db: Pick<ReturnType<typeof getDb>, 'update'>, cutoff: Date, now: Date, jobId?: string) {
  return db
    .update(importJobs)
    .set({ state: 'failed', errorStatus: STOPPED.status, errorMessage: STOPPED.message, finishedAt: now })
    .where(
      and(
        jobId ? eq(importJobs.id, jobId) : undefined,
        eq(importJobs.state, 'running'),
        lt(importJobs.heartbeatAt, cutoff),
      ),
    );
}

/**
 * Starts `work` as a job of `userId`; it resolves to the address to go to when done. Refuses
 * (429) while the same user has a job running or the servers are busy with others. `finished`
 * settles (never rejects) when the work has ended and its outcome is written.
 */
export async function startJob(
  userId: string,
  firstStep: string,
  work: (progress: ProgressReporter) => Promise<string>,
): Promise<ImportJobStatus & { finished: Promise<ImportJobStatus> }> {
  const db = getDb();
  const job: ImportJobStatus = { id: newId(), state: 'running', step: firstStep, done: 0, total: 0 };
  const now = new Date();
  // One write transaction (begun IMMEDIATE): no other instance can start a job between the check and the insert.
  await db.transaction(async (tx) => {
    await failStale(tx, new Date(now.getTime() - STALE_AFTER_MS), now);
    await tx
      .delete(importJobs)
      .where(
        and(ne(importJobs.state, 'running'), lt(importJobs.finishedAt, new Date(now.getTime() - KEEP_FINISHED_MS))),
      );
    const running = await tx
      .select({ userId: importJobs.userId })
      .from(importJobs)
      .where(eq(importJobs.state, 'running'));
    if (running.some((row) => row.userId === userId)) {
      throw new ImportError(429, 'Anh/chị đang có một lần nhập đang xử lý. Hãy đợi lần đó xong rồi thử lại.');
    }
    if (running.length >= MAX_RUNNING)
      throw new ImportError(429, 'Máy chủ đang xử lý nhiều tệp nhập cùng lúc. Hãy thử lại sau ít phút.');
    await tx.insert(importJobs).values({ ...job, userId, heartbeatAt: now, createdAt: now });
  });

  // Writes queue one after another, and never hold up the work: progress calls only mark it dirty.
  let writing: Promise<unknown> = Promise.resolve();
  let lastWrite = 0;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  const writeProgress = () => {
    clearTimeout(trailing);
    trailing = undefined;
    lastWrite = Date.now();
    const { step, done, total } = job;
    writing = writing
      .then(() =>
        db
          .update(importJobs)
          .set({ step, done, total, heartbeatAt: new Date() })
          // A job already declared dead is not revived by a late write; only its outcome overwrites that.
          .where(and(eq(importJobs.id, job.id), eq(importJobs.state, 'running'))),
      )
      .catch((error: unknown) => console.error('Nhập danh sách cán bộ: không ghi được tiến độ', error));
  };
  const progressSoon = () => {
    if (trailing) return;
    const wait = lastWrite + PROGRESS_EVERY_MS - Date.now();
    if (wait <= 0) writeProgress();
    else trailing = setTimeout(writeProgress, wait);
  };
  const progress: ProgressReporter = {
    step(label, total = 0) {
      job.step = label;
      job.total = total;
      job.done = 0;
      writeProgress();
    },
    advance(done) {
      job.done = done;
      progressSoon();
    },
  };
  const heartbeat = setInterval(writeProgress, HEARTBEAT_EVERY_MS);
  heartbeat.unref?.();

  const finished = (async (): Promise<ImportJobStatus> => {
    try {
      job.redirectTo = await work(progress);
      job.state = 'done';
    } catch (error) {
      job.state = 'failed';
      if (error instanceof ImportError) job.error = { status: error.status, message: error.message };
      else {
        console.error('Nhập danh sách cán bộ bị lỗi:', error);
        job.error = BROKEN;
      }
    } finally {
      clearInterval(heartbeat);
      clearTimeout(trailing);
    }
    await writing;
    const end = new Date();
    try {
      await db
        .update(importJobs)
        .set({
          state: job.state,
          step: job.step,
          done: job.done,
          total: job.total,
          redirectTo: job.redirectTo ?? null,
          errorStatus: job.error?.status ?? null,
          errorMessage: job.error?.message ?? null,
          heartbeatAt: end,
          finishedAt: end,
        })
        .where(eq(importJobs.id, job.id));
    } catch (error) {
      // The row then goes stale and is reported as stopped; this request still answers with the outcome.
      console.error('Nhập danh sách cán bộ: không ghi được kết quả', error);
    }
    return { ...job };
  })();
  return { ...job, finished };
}

/**
 * A job's status, if it exists and belongs to `userId` (otherwise it is not found). A running
 * job whose instance stopped beating is reported, and recorded, as failed.
 */
export async function jobStatus(userId: string, jobId: string): Promise<ImportJobStatus | undefined> {
  const db = getDb();
  const row = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, jobId), eq(importJobs.userId, userId)))
    .get();
  if (!row) return undefined;
  const now = new Date();
  const cutoff = new Date(now.getTime() - STALE_AFTER_MS);
  if (row.state !== 'running' || row.heartbeatAt >= cutoff) return statusOf(row);
  // Read again after the update: the job may have ended (and written its outcome) meanwhile.
  const [failed] = await failStale(db, cutoff, now, row.id).returning();
  return statusOf(failed ?? (await db.select().from(importJobs).where(eq(importJobs.id, row.id)).get()) ?? row);
}
