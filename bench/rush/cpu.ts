/**
 * CPU time of a server process and every process below it (cluster workers), from
 * /proc/<pid>/stat (utime + stime) and /proc/<pid>/task/<tid>/children. Linux only.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** `pid` and its descendants, alive now. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${all[i]}/task`);
    } catch {
      continue; // Gone.
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${all[i]}/task/${task}/children`, 'utf8').trim();
        if (children) all.push(...children.split(/\s+/).map(Number));
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return all;
}

/** CPU seconds (user + system) used so far by each process of the tree, by pid. */
export function treeCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const each of processTree(pid)) {
    try {
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${each}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(each, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // Gone.
    }
  }
  return out;
}

/** CPU seconds the tree used between two readings (a process that ended counts up to its last reading). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
