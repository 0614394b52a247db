/**
 * Derived progress tables, updated from newly stored events inside the event store's transaction:
 * lesson_progress (opened, completed), video_progress (merged watched intervals) and
 * resume_points (where "Tiếp tục học" leads). Re-sent events never reach here; still, each
 * update is written so that replaying it would change nothing (coalesce, union, newest wins).
 * Plain SQL on the libSQL transaction, like the event insert: this runs for every batch.
 * It also says which courses may have just become complete (a lesson completed or a video
 * watched for the first time), so that the completion is checked once the transaction commits.
 */
import type { InValue, Transaction } from '@libsql/client';
import type { AcceptedEvent } from '../../progress/check-events.ts';
import { isVideoWatched, mergeIntervals, watchedSeconds, type Interval } from '../../progress/intervals.ts';

const ROWS_PER_STATEMENT = 500;

/** An event together with the user it belongs to, as written in a group. */
export interface UserEvent {
  userId: string;
  event: AcceptedEvent;
}

/** "(?, ?), (?, ?)" for `rows` rows of `columns` parameters. */
export function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT)
    out.push(rows.slice(start, start + ROWS_PER_STATEMENT));
  return out;
}

/** A learner and a course that may have become complete with this transaction. */
export interface CompletionCandidate {
  userId: string;
  courseId: string;
}

/**
 * Updates the derived tables for events stored for the first time, all received at `receivedAt`.
 * Returns each (learner, course) where a lesson was completed or a video fully watched for the
 * first time: only then can the course have become complete.
 */
export async function applyProjections(
  tx: Transaction,
  events: readonly UserEvent[],
  receivedAt: Date,
): Promise<CompletionCandidate[]> {
  if (events.length === 0) return [];
  const candidates = new Map<string, CompletionCandidate>();
  const add = (userId: string, courseId: string) => candidates.set(`${userId}\u0000${courseId}`, { userId, courseId });
  for (const { userId, courseId } of await updateLessons(tx, events, receivedAt.getTime())) add(userId, courseId);
  for (const { userId, courseId } of await updateVideos(tx, events, receivedAt.getTime())) add(userId, courseId);
  await updateResumePoints(tx, events, receivedAt.getTime());
  await updateCourseActivity(tx, events, receivedAt.getTime());
  return [...candidates.values()];
}

/** Each learner's last activity in each course of the events: this transaction's time. */
async function updateCourseActivity(tx: Transaction, events: readonly UserEvent[], now: number): Promise<void> {
  const pairs = new Map<string, [string, string, number]>();
  for (const { userId, event } of events) pairs.set(`${userId}\u0000${event.courseId}`, [userId, event.courseId, now]);
  for (const chunk of chunks([...pairs.values()])) {
    await tx.execute({
      sql:
        `insert into course_activity (user_id, course_id, last_event_at) values ${placeholders(chunk.length, 3)} ` +
        'on conflict (user_id, course_id) do update set last_event_at = max(last_event_at, excluded.last_event_at)',
      args: chunk.flat(),
    });
  }
}

/**
 * Any event naming a lesson means the lesson was opened; lesson_completed completes it. Times are
 * the server's. Returns the lessons' courses where a lesson was completed for the first time: the
 * stored completion time is this transaction's only then (coalesce keeps an earlier one).
 */
async function updateLessons(
  tx: Transaction,
  events: readonly UserEvent[],
  now: number,
): Promise<CompletionCandidate[]> {
  const rows = new Map<
    string,
    [userId: string, lessonId: string, courseId: string, openedAt: number, completedAt: number | null]
  >();
  for (const { userId, event } of events) {
    if (!event.lessonId) continue;
    const key = `${userId}\u0000${event.lessonId}`;
    const row = rows.get(key) ?? [userId, event.lessonId, event.courseId, now, null];
    if (event.kind === 'lesson_completed') row[4] = now;
    rows.set(key, row);
  }
  const completed: CompletionCandidate[] = [];
  for (const chunk of chunks([...rows.values()])) {
    const completing = chunk.some((row) => row[4] !== null);
    const result = await tx.execute({
      sql:
        `insert into lesson_progress (user_id, lesson_id, course_id, opened_at, completed_at) values ${placeholders(chunk.length, 5)} ` +
        'on conflict (user_id, lesson_id) do update set ' +
        'opened_at = coalesce(lesson_progress.opened_at, excluded.opened_at), completed_at = coalesce(lesson_progress.completed_at, excluded.completed_at)' +
        // Only batches that complete a lesson need to know whether it was the first time.
        (completing ? ' returning user_id, course_id, completed_at' : ''),
      args: chunk.flat(),
    });
    if (completing) {
      for (const row of result.rows)
        if (Number(row.completed_at) === now)
          completed.push({ userId: String(row.user_id), courseId: String(row.course_id) });
    }
  }
  return completed;
}

interface VideoUpdate {
  userId: string;
  videoId: string;
  /** The courses of the events that reported the video. */
  courseIds: Set<string>;
  durationSeconds: number;
  intervals: Interval[];
}

function playedIntervals(event: AcceptedEvent): Interval[] {
  const intervals = event.data?.intervals;
  return Array.isArray(intervals) ? (intervals as Interval[]) : [];
}

/**
 * Merges newly played intervals into what each learner had watched of each video. Returns the
 * (learner, course) of each video watched to the end for the first time, with the course of the
 * events that reported it.
 */
async function updateVideos(
  tx: Transaction,
  events: readonly UserEvent[],
  now: number,
): Promise<CompletionCandidate[]> {
  const updates = new Map<string, VideoUpdate>();
  for (const { userId, event } of events) {
    if (event.kind !== 'video_watched' || !event.videoId || !event.videoDurationSeconds) continue;
    const key = `${userId}\u0000${event.videoId}`;
    const update = updates.get(key) ?? {
      userId,
      videoId: event.videoId,
      courseIds: new Set<string>(),
      durationSeconds: event.videoDurationSeconds,
      intervals: [],
    };
    update.courseIds.add(event.courseId);
    update.intervals.push(...playedIntervals(event));
    updates.set(key, update);
  }
  if (updates.size === 0) return [];

  const previous = new Map<string, { intervals: Interval[]; completedAt: number | null }>();
  for (const chunk of chunks([...updates.values()])) {
    const result = await tx.execute({
      sql: `select user_id, video_id, intervals, completed_at from video_progress where (user_id, video_id) in (values ${placeholders(chunk.length, 2)})`,
      args: chunk.flatMap((update) => [update.userId, update.videoId]),
    });
    for (const row of result.rows) {
      previous.set(`${row.user_id}\u0000${row.video_id}`, {
        intervals: JSON.parse(String(row.intervals)) as Interval[],
        completedAt: row.completed_at === null ? null : Number(row.completed_at),
      });
    }
  }

  const completed: CompletionCandidate[] = [];
  const rows: InValue[][] = [...updates.entries()].map(([key, update]) => {
    const before = previous.get(key);
    const merged = mergeIntervals([...(before?.intervals ?? []), ...update.intervals], update.durationSeconds);
    const watched = watchedSeconds(merged);
    const completedAt = before?.completedAt ?? (isVideoWatched(watched, update.durationSeconds) ? now : null);
    if (completedAt !== null && !before?.completedAt)
      for (const courseId of update.courseIds) completed.push({ userId: update.userId, courseId });
    return [update.userId, update.videoId, JSON.stringify(merged), watched, update.durationSeconds, completedAt];
  });
  for (const chunk of chunks(rows)) {
    await tx.execute({
      sql:
        `insert into video_progress (user_id, video_id, intervals, watched_seconds, duration_seconds, completed_at) values ${placeholders(chunk.length, 6)} ` +
        'on conflict (user_id, video_id) do update set intervals = excluded.intervals, watched_seconds = excluded.watched_seconds, ' +
        'duration_seconds = excluded.duration_seconds, completed_at = coalesce(video_progress.completed_at, excluded.completed_at)',
      args: chunk.flat(),
    });
  }
  return completed;
}

/** A place to resume, as an event sets it. */
export interface ResumeCandidate {
  lessonId: string;
  videoId: string | null;
  positionSeconds: number | null;
  /** Epoch milliseconds. */
  updatedAt: number;
}

/** The resume point an event sets, if any: lesson_opened (lesson), video_watched with a lesson (and video position). */
function resumeCandidate(event: AcceptedEvent, now: number): ResumeCandidate | null {
  if (!event.lessonId) return null;
  // A device clock ahead of the server's cannot put a resume point in the future.
  const updatedAt = Math.min(event.occurredAt.getTime(), now);
  if (event.kind === 'lesson_opened')
    return { lessonId: event.lessonId, videoId: null, positionSeconds: null, updatedAt };
  if (event.kind === 'video_watched' && event.videoId) {
    const position = typeof event.data?.position === 'number' ? event.data.position : 0;
    const limit = event.videoDurationSeconds ?? position;
    return {
      lessonId: event.lessonId,
      videoId: event.videoId,
      positionSeconds: Math.min(Math.max(position, 0), limit),
      updatedAt,
    };
  }
  return null;
}

/**
 * The later of two resume points (on a tie, the one reported last). Reopening the lesson a
 * video position belongs to keeps that position: reloading the page must not lose the place.
 */
export function laterResumePoint(current: ResumeCandidate | undefined, next: ResumeCandidate): ResumeCandidate {
  if (!current || next.updatedAt < current.updatedAt) return current ?? next;
  if (next.videoId === null && next.lessonId === current.lessonId)
    return { ...next, videoId: current.videoId, positionSeconds: current.positionSeconds };
  return next;
}

/** Moves each learner's resume point in each course to their latest lesson or video position. */
async function updateResumePoints(tx: Transaction, events: readonly UserEvent[], now: number): Promise<void> {
  const points = new Map<string, { userId: string; courseId: string; point: ResumeCandidate }>();
  for (const { userId, event } of events) {
    const candidate = resumeCandidate(event, now);
    if (!candidate) continue;
    const key = `${userId}\u0000${event.courseId}`;
    points.set(key, { userId, courseId: event.courseId, point: laterResumePoint(points.get(key)?.point, candidate) });
  }
  const rows = [...points.values()].map(({ userId, courseId, point }) => [
    userId,
    courseId,
    point.lessonId,
    point.videoId,
    point.positionSeconds,
    point.updatedAt,
  ]);
  for (const chunk of chunks(rows)) {
    // The rule of laterResumePoint again, against the stored point (SET sees the row as it was).
    const keepVideo = 'excluded.video_id is null and excluded.lesson_id = resume_points.lesson_id';
    await tx.execute({
      sql:
        `insert into resume_points (user_id, course_id, lesson_id, video_id, position_seconds, updated_at) values ${placeholders(chunk.length, 6)} ` +
        'on conflict (user_id, course_id) do update set lesson_id = excluded.lesson_id, ' +
        `video_id = case when ${keepVideo} then resume_points.video_id else excluded.video_id end, ` +
        `position_seconds = case when ${keepVideo} then resume_points.position_seconds else excluded.position_seconds end, ` +
        'updated_at = excluded.updated_at where excluded.updated_at >= resume_points.updated_at',
      args: chunk.flat(),
    });
  }
}
