/**
 * Reading V8 CPU profiles (.cpuprofile files written by `node --cpu-prof`) for the benches: the
 * functions with the most self time, over one or several profiles (a cluster's processes).
 * Nodes are merged by function name, script and line; a node's self time is its sample count
 * times the profile's sampling interval (the mean of its timeDeltas). A window (µs of the
 * monotonic clock, which V8's sample times and process.hrtime share on Linux) keeps only the
 * samples of a measurement, leaving out the server's start and stop.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  functionName: string;
  /** Script, shortened to the project (or node:) path; '' for V8's own entries. */
  url: string;
  /** 1-based line. */
  line: number;
  selfMs: number;
  /** Share of every sample that is not idle, 0..1. */
  share: number;
}

export interface ProfileSummary {
  profiles: number;
  samples: number;
  /** Sampled time that was not idle (the CPU the process used, as far as the sampler saw), ms. */
  busyMs: number;
  idleMs: number;
  top: SelfTime[];
}

/** Every .cpuprofile file in `folder`, parsed. */
export function readProfiles(folder: string): CpuProfile[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as CpuProfile);
}

function shortUrl(url: string, root: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/** Now on the clock of the profiles' sample times, µs. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The `count` functions with the most self time over `profiles`, within `window` ([from, to] in
 * µs of monotonicMicros, every sample without one); script paths relative to `root`.
 */
export function summariseProfiles(
  profiles: readonly CpuProfile[],
  root: string,
  window?: [number, number],
  count = 10,
): ProfileSummary {
  const byKey = new Map<string, SelfTime>();
  let samples = 0;
  let idleMs = 0;
  let busyMs = 0;
  for (const profile of profiles) {
    if (profile.samples.length === 0) continue;
    const interval = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / profile.samples.length / 1000;
    const hits = new Map<number, number>();
    let time = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i];
      if (window && (time < window[0] || time > window[1])) continue;
      hits.set(profile.samples[i], (hits.get(profile.samples[i]) ?? 0) + 1);
      samples++;
    }
    for (const node of profile.nodes) {
      const hitCount = hits.get(node.id);
      if (!hitCount) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const selfMs = hitCount * interval;
      if (functionName === '(idle)') {
        idleMs += selfMs;
        continue;
      }
      busyMs += selfMs;
      const name = functionName || '(anonymous)';
      const key = `${name}\u0000${url}\u0000${lineNumber}`;
      const entry = byKey.get(key);
      if (entry) entry.selfMs += selfMs;
      else byKey.set(key, { functionName: name, url: shortUrl(url, root), line: lineNumber + 1, selfMs, share: 0 });
    }
  }
  const top = [...byKey.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, count);
  for (const entry of top) entry.share = busyMs > 0 ? entry.selfMs / busyMs : 0;
  return { profiles: profiles.length, samples, busyMs, idleMs, top };
}
