/**
 * Imports run as background jobs of this server process, so the page can show how far the
 * server has got (polled as JSON) instead of one long silent request. Jobs live in memory for
 * a short while after they end; only the user who started one can see it. One job per user at
 * a time, and few at once overall, so large uploads cannot pile up in memory.
 */
import { newId } from '../ids.ts';
import { ImportError } from './errors.ts';

/** How a running step tells how far it has got. */
export interface ProgressReporter {
  /** Starts a named step ("Đang đọc tệp") of `total` units (0 when unknown). */
  step(label: string, total?: number): void;
  /** Units of the current step done so far. */
  advance(done: number): void;
}

/** A job as the progress endpoint reports it. */
export interface ImportJobStatus {
  id: string;
  state: 'running' | 'done' | 'failed';
  step: string;
  done: number;
  total: number;
  /** Where to go when done. */
  redirectTo?: string;
  /** Why it failed (Vietnamese), with the HTTP status a direct request would have had. */
  error?: { status: number; message: string };
}

interface ImportJob extends ImportJobStatus {
  userId: string;
  finishedAt?: number;
  promise: Promise<ImportJobStatus>;
}

/** Finished jobs are forgotten after this long. */
const KEEP_FINISHED_MS = 15 * 60 * 1000;
/** Jobs running at once in this process. */
const MAX_RUNNING = 3;

const jobs = new Map<string, ImportJob>();

function forgetOldJobs(now = Date.now()): void {
  for (const [id, job] of jobs) if (job.finishedAt && now - job.finishedAt > KEEP_FINISHED_MS) jobs.delete(id);
}

const statusOf = (job: ImportJob): ImportJobStatus => ({
  id: job.id,
  state: job.state,
  step: job.step,
  done: job.done,
  total: job.total,
  redirectTo: job.redirectTo,
  error: job.error,
});

/**
 * Starts `work` as a job of `userId`; it resolves to the address to go to when done. Refuses
 * (429) while the same user has a job running or the server is busy with others.
 */
export function startJob(userId: string, firstStep: string, work: (progress: ProgressReporter) => Promise<string>): ImportJobStatus & { finished: Promise<ImportJobStatus> } {
  forgetOldJobs();
  const running = [...jobs.values()].filter((job) => job.state === 'running');
  if (running.some((job) => job.userId === userId)) {
    throw new ImportError(429, 'Anh/chị đang có một lần nhập đang xử lý. Hãy đợi lần đó xong rồi thử lại.');
  }
  if (running.length >= MAX_RUNNING) throw new ImportError(429, 'Máy chủ đang xử lý nhiều tệp nhập cùng lúc. Hãy thử lại sau ít phút.');

  const job = { id: newId(), userId, state: 'running', step: firstStep, done: 0, total: 0 } as ImportJob;
  const progress: ProgressReporter = {
    step(label, total = 0) {
      job.step = label;
      job.total = total;
      job.done = 0;
    },
    advance(done) {
      job.done = done;
    },
  };
  job.promise = (async () => {
    try {
      job.redirectTo = await work(progress);
      job.state = 'done';
    } catch (error) {
      job.state = 'failed';
      if (error instanceof ImportError) job.error = { status: error.status, message: error.message };
      else {
        console.error('Nhập danh sách cán bộ bị lỗi:', error);
        job.error = { status: 500, message: 'Máy chủ gặp sự cố khi xử lý tệp. Chưa có thay đổi nào được lưu. Hãy thử lại sau.' };
      }
    } finally {
      job.finishedAt = Date.now();
    }
    return statusOf(job);
  })();
  jobs.set(job.id, job);
  return { ...statusOf(job), finished: job.promise };
}

/** A job's status, if it exists and belongs to `userId` (otherwise it is not found). */
export function jobStatus(userId: string, jobId: string): ImportJobStatus | undefined {
  const job = jobs.get(jobId);
  return job && job.userId === userId ? statusOf(job) : undefined;
}
