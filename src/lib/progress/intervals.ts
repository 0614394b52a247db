/**
 * Watched video time as a set of intervals. A learner who drags the playhead to the end has
 * "watched" only the seconds actually played, so completion counts the union of played
 * intervals, never the furthest position. Pure functions: no clock, no database.
 */

/** A played stretch of a video: [start, end] in seconds, start ≤ end. */
export type Interval = readonly [start: number, end: number];

/** Share of a video's duration that must be watched for the video to count as watched. */
export const VIDEO_COMPLETION_RATIO = 0.9;

/**
 * Endpoints are kept to a tenth of a second: finer detail adds nothing a learner does, and it
 * bounds how many disjoint intervals one video can accumulate (at most 5 per second of video).
 */
const RESOLUTION = 10;

const round = (seconds: number) => Math.round(seconds * RESOLUTION) / RESOLUTION;

/**
 * The union of intervals, clipped to [0, durationSeconds]: sorted, disjoint, touching intervals
 * joined, empty ones dropped. Intervals from earlier reports and new ones are simply passed together.
 */
export function mergeIntervals(intervals: Iterable<Interval>, durationSeconds: number): [number, number][] {
  const limit = Math.max(0, durationSeconds);
  const clipped: [number, number][] = [];
  for (const [rawStart, rawEnd] of intervals) {
    if (!Number.isFinite(rawStart) || !Number.isFinite(rawEnd)) continue;
    const start = round(Math.min(Math.max(Math.min(rawStart, rawEnd), 0), limit));
    const end = round(Math.min(Math.max(Math.max(rawStart, rawEnd), 0), limit));
    if (end > start) clipped.push([start, end]);
  }
  clipped.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of clipped) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Total seconds covered by disjoint intervals (as returned by mergeIntervals). */
export function watchedSeconds(merged: readonly Interval[]): number {
  return round(merged.reduce((sum, [start, end]) => sum + (end - start), 0));
}

/** True when at least VIDEO_COMPLETION_RATIO of the video has been watched. */
export function isVideoWatched(watched: number, durationSeconds: number): boolean {
  // The epsilon absorbs binary rounding: 0.9 × 101 is 90.90000000000001 in floating point.
  return durationSeconds > 0 && watched + 1e-9 >= VIDEO_COMPLETION_RATIO * durationSeconds;
}
