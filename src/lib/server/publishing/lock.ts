/**
 * The publication lock: data/publish/runner.lock, a file naming the process that holds it. The
 * publication runner holds it while it builds and switches; a backup holds it while it archives,
 * so no publication changes content/, public/ and data/builds/ under it. A lock whose process is
 * gone is stale and is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function publishLockFile(root: string): string {
  return join(root, 'data', 'publish', 'runner.lock');
}

/** True when a process with this id exists (EPERM: it exists, run by another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id the lock file names, alive or not; undefined when there is no lock. */
export function publishLockPid(root: string): number | undefined {
  try {
    return Number(readFileSync(publishLockFile(root), 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** Takes the lock for this process; false when another live process holds it. */
export function acquirePublishLock(root: string): boolean {
  mkdirSync(join(root, 'data', 'publish'), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(publishLockFile(root), 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch {
      const holder = publishLockPid(root);
      if (holder === process.pid) return true;
      if (holder !== undefined && processAlive(holder)) return false;
      rmSync(publishLockFile(root), { force: true });
    }
  }
  return false;
}

/** Gives the lock back, if this process holds it. */
export function releasePublishLock(root: string): void {
  if (publishLockPid(root) === process.pid) rmSync(publishLockFile(root), { force: true });
}
