/**
 * The running instance, as a backup and a restore see it from outside:
 *  - the publication lock (publishing/lock.ts). A backup holds it while it archives; a publication
 *    waiting for it simply starts at the runner's next look (it looks every 15 s).
 *  - whether an instance looks running, for a restore to refuse: a server answering
 *    GET /api/v1/health on HOST:PORT, a process (Linux: /proc) that has the target database open or
 *    runs scripts/serve.mjs or scripts/start.mjs from the target folder, or a live process holding
 *    the publication lock.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  acquirePublishLock,
  processAlive,
  publishLockFile,
  publishLockPid,
  releasePublishLock,
} from '../publishing/lock.ts';

/** The live process holding the publication lock, or undefined. */
export function publishLockHolder(root: string): number | undefined {
  const pid = publishLockPid(root);
  return pid !== undefined && processAlive(pid) ? pid : undefined;
}

/**
 * Waits (up to `waitMs`) until no publication is running and takes its lock; resolves a release
 * function. A publication builds for minutes; a nightly backup can wait.
 */
export async function holdPublishLock(root: string, waitMs: number, log: (line: string) => void): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  let told = false;
  while (!acquirePublishLock(root)) {
    if (Date.now() > deadline)
      throw new Error(
        `Một lần xuất bản (tiến trình ${publishLockHolder(root)}) vẫn đang chạy sau ${Math.round(waitMs / 1000)} giây chờ; hãy sao lưu lại sau.`,
      );
    if (!told) log(`Đang chờ lần xuất bản đang chạy (tiến trình ${publishLockHolder(root)}) xong…`);
    told = true;
    await new Promise((done) => setTimeout(done, 1_000));
  }
  return () => releasePublishLock(root);
}

export interface InstanceProbe {
  /** The project folder of the instance. */
  root: string;
  /** Its database file. */
  databaseFile: string;
  /** Where it would answer: HOST (0.0.0.0 and :: are probed on loopback) and PORT. */
  host: string;
  port: number;
}

async function answersHealth(host: string, port: number): Promise<boolean> {
  const probeHost = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  const url = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}/api/v1/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Processes (other than this one) that have one of `files` open or run a server from `root` (Linux /proc; none elsewhere). */
function localHolders(root: string, files: readonly string[]): { pid: number; why: string }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  const wanted = new Set(files.map((file) => resolve(file)));
  const found: { pid: number; why: string }[] = [];
  for (const pid of pids) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cwd === root && command.some((arg) => /(^|\/)scripts\/(serve|start)\.mjs$/.test(arg))) {
        found.push({
          pid: Number(pid),
          why: `chạy máy chủ (${command.filter(Boolean).slice(0, 3).join(' ')}) trong thư mục này`,
        });
        continue;
      }
    } catch {
      // Gone, or not ours to look at.
    }
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (wanted.has(target)) {
          found.push({ pid: Number(pid), why: `đang mở ${target}` });
          break;
        }
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return found;
}

/** Why the instance looks running (empty when it does not). */
export async function runningReasons(probe: InstanceProbe): Promise<string[]> {
  const reasons: string[] = [];
  if (await answersHealth(probe.host, probe.port))
    reasons.push(`Một máy chủ đang trả lời tại ${probe.host}:${probe.port} (GET /api/v1/health).`);
  const root = resolve(probe.root);
  for (const holder of localHolders(root, [probe.databaseFile, `${probe.databaseFile}-wal`]))
    reasons.push(`Tiến trình ${holder.pid} ${holder.why}.`);
  const lock = publishLockHolder(root);
  if (lock !== undefined && lock !== process.pid)
    reasons.push(`Tiến trình ${lock} giữ khóa xuất bản (${publishLockFile(root)}).`);
  return reasons;
}
