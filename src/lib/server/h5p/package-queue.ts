/**
 * One change to a package id at a time in this process: imports, approvals, rejections,
 * deletions and the housekeeping of its version folders are queued per id, so "the live version"
 * one of them reads is the real one and a folder is never removed while an import reuses it.
 */
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier change queued for `id`, whether those succeeded or not. */
export function oneAtATime<T>(id: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(id) ?? Promise.resolve()).then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return run;
}
