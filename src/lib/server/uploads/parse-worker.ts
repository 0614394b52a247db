/**
 * Parsing an upload in a worker thread with a memory cap (issue 14): a hostile file that makes the
 * parser allocate without end (a workbook of millions of cells, shared strings of GB) exhausts
 * the worker's heap and fails its own job, never the server. `runInWorker(moduleUrl, input)`
 * loads the module in a fresh worker (worker-host.ts), calls its exported `run(input, progress)`
 * and resolves with the result. Each import owns its job module (officials-import/xlsx-job.ts,
 * classes/attendance-job.ts); this folder knows none of them.
 *
 * Worker files must be real files at run time. Tests and `astro dev` run this module from src/,
 * where they sit under src/lib/server/ with it. The built server bundles this module into
 * dist/server/chunks/, where they do not: there they are run from the project's src/ folder, the
 * server's working folder (where it reads content/ from too; scripts/serve.mjs already runs src/
 * TypeScript with Node's type stripping), never bundled.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A job failed: the status and Vietnamese sentence to answer with. */
export class WorkerJobError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface WorkerOptions {
  /** The worker's JS heap cap (default 256 MB). */
  maxOldGenerationSizeMb?: number;
  /** The job is stopped after this long (default 120 s). */
  timeoutMs?: number;
  /** Hears what the job reports with its `progress` callback. */
  onProgress?: (value: unknown) => void;
  /** The refusal when the job ran out of memory or time (Vietnamese, answered with 422). */
  tooHeavy?: string;
}

const TOO_HEAVY = 'Tệp quá lớn hoặc quá phức tạp để đọc. Hãy kiểm tra lại tệp, hoặc chia thành nhiều tệp nhỏ hơn.';

/**
 * A worker module by its path under src/lib/server/ ("officials-import/xlsx-job.ts"): found from
 * this module in src/, or in the project's src/ when bundled.
 */
export function serverWorkerFile(path: string): URL {
  // Not a literal, so the bundler leaves this URL alone.
  const fromHere = `../${path}`;
  const beside = new URL(fromHere, import.meta.url);
  if (beside.protocol === 'file:' && existsSync(fileURLToPath(beside))) return beside;
  return pathToFileURL(join(process.cwd(), 'src', 'lib', 'server', path));
}

/** Runs `run(input)` of `moduleUrl` in a worker with a memory cap; rejects with WorkerJobError. */
export function runInWorker<Input, Output>(moduleUrl: URL, input: Input, options: WorkerOptions = {}): Promise<Output> {
  const tooHeavy = options.tooHeavy ?? TOO_HEAVY;
  return new Promise<Output>((resolve, reject) => {
    const worker = new Worker(serverWorkerFile('uploads/worker-host.ts'), {
      workerData: { moduleUrl: moduleUrl.href, input },
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256, maxYoungGenerationSizeMb: 32 },
      // The job reports through messages; its own console output is not the server's log.
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new WorkerJobError(422, tooHeavy))),
      options.timeoutMs ?? 120_000,
    );
    worker.on(
      'message',
      (
        message:
          | { type: 'progress'; value: unknown }
          | { type: 'done'; output: Output }
          | { type: 'failed'; status?: number; message: string },
      ) => {
        if (message.type === 'progress') options.onProgress?.(message.value);
        else if (message.type === 'done') settle(() => resolve(message.output));
        else
          settle(() =>
            reject(
              typeof message.status === 'number'
                ? new WorkerJobError(message.status, message.message)
                : new Error(message.message),
            ),
          );
      },
    );
    worker.on('error', (error: Error & { code?: string }) => {
      settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerJobError(422, tooHeavy) : error));
    });
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`upload worker exited with code ${code} before answering`))),
    );
  });
}
