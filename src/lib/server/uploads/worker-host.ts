/**
 * The entry of every upload worker (parse-worker.ts): imports the job module named in workerData,
 * runs its `run(input, progress)` and posts the outcome. An error carrying an HTTP `status` (the
 * job's own refusal, in Vietnamese) goes back as it is; any other error as a plain failure.
 * Plain TypeScript that Node runs by stripping types: no bundler comes between.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { moduleUrl, input } = workerData as { moduleUrl: string; input: unknown };
const port = parentPort!;
try {
  const job = (await import(moduleUrl)) as {
    run: (input: unknown, progress: (value: unknown) => void) => Promise<unknown>;
  };
  const output = await job.run(input, (value) => port.postMessage({ type: 'progress', value }));
  port.postMessage({ type: 'done', output });
} catch (error) {
  const status = (error as { status?: unknown }).status;
  port.postMessage({
    type: 'failed',
    status: typeof status === 'number' ? status : undefined,
    message: error instanceof Error ? error.message : String(error),
  });
}
