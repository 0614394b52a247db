/**
 * One change to a package id at a time: imports, approvals, rejections, deletions and the
 * housekeeping of its version folders are queued per id, so "the live version" one of them reads
 * is the real one and a folder is never removed while an import reuses it. Within a process the
 * changes queue on a promise chain (cheap, and in order); across the server instances sharing the
 * database each change also holds the lease lock "h5p:<id>" (lease-lock.ts).
 */
import type { Database } from '../../../../db/client.ts';
import { withLeaseLock } from '../lease-lock.ts';

const queues = new Map<string, Promise<unknown>>();

const BUSY = 'Gói H5P này đang được một thao tác khác xử lý; hãy thử lại sau.';

/**
 * Runs `work` after every earlier change queued for `id`, whether those succeeded or not, holding
 * the package's lease lock in `db` (the server's database by default) against other instances,
 * waiting for another instance's change at most `maxWaitMs` (LeaseBusyError after that).
 */
export function oneAtATime<T>(id: string, work: () => Promise<T>, db?: Database, maxWaitMs?: number): Promise<T> {
  const locked = () => withLeaseLock(`h5p:${id}`, work, { db, maxWaitMs, busyMessage: BUSY });
  const run = (queues.get(id) ?? Promise.resolve()).then(locked, locked);
  const settled = run.catch(() => undefined);
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return run;
}
