/**
 * The learning-event store, with group commit. Every request's events join one in-process queue;
 * the queue is written in one IMMEDIATE transaction, DEFAULT_GATHER_MS after its first request
 * arrived or as soon as the previous commit is done, merging the events of every request that
 * arrived meanwhile, and each request is answered only once the transaction holding its events
 * has committed. One commit (one fsync) then serves every request that arrived meanwhile: about
 * 18 on average under bench/progress.ts's 50 connections.
 *
 * Events are stored once per (user, event UUID); only newly stored events update the derived
 * tables (lesson_progress, video_progress, resume_points, course_activity), in the same
 * transaction. After the commit, and only where a lesson was completed or a video fully watched for the first time, the
 * store asks whether the course is now complete (whenCourseMayBeComplete: record-events.ts passes
 * recordCompletionIfDue) before answering.
 */
import type { InValue, Transaction } from '@libsql/client';
import type { Database } from '../../../../db/client.ts';
import { isBusyError, retryTransactionWhileBusy } from '../../../../db/serialized-writes.ts';
import type { AcceptedEvent } from '../../progress/check-events.ts';
import { applyProjections, placeholders, type CompletionCandidate, type UserEvent } from './projections.ts';

/** What became of one request's events. */
export interface RecordOutcome {
  /** Events stored by this request. */
  accepted: number;
  /** Events already stored before (or repeated within the request). */
  duplicates: number;
}

/** Stores batches of events; resolves after the commit that holds them. */
export interface EventStore {
  record(userId: string, events: readonly AcceptedEvent[]): Promise<RecordOutcome>;
}

export interface EventStoreOptions {
  /** Upper bound of events written in one transaction (a request's batch is never split). */
  maxEventsPerCommit?: number;
  /** The server's clock. */
  now?: () => Date;
  /** Milliseconds a group waits for more requests before it is written (DEFAULT_GATHER_MS). */
  gatherMs?: number;
  /**
   * Called after a commit for each learner and course where a lesson was completed or a video
   * fully watched for the first time; the request is answered once it settles. Its failures are
   * logged, never passed on: the events are stored whatever happens here.
   */
  whenCourseMayBeComplete?: (userId: string, courseId: string) => Promise<unknown>;
}

interface Submission {
  userId: string;
  events: readonly AcceptedEvent[];
  resolve: (outcome: RecordOutcome) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_EVENTS_PER_COMMIT = 2_000;

/**
 * How long the first request of a group waits for others before the group is written. Requests
 * arrive one by one (each learner's device on its own schedule), and a commit's fixed cost (its
 * statements prepared, an fsync) is most of a small group's: waiting this long lets a busy server
 * write tens of requests per commit instead of one or two, for at most this much more latency.
 */
const DEFAULT_GATHER_MS = 2;

/** An event store writing to `db`; one per process and database. */
export function createEventStore(db: Database, options: EventStoreOptions = {}): EventStore {
  const maxEvents = options.maxEventsPerCommit ?? DEFAULT_MAX_EVENTS_PER_COMMIT;
  const now = options.now ?? (() => new Date());
  const gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;
  const checkCompletion = options.whenCourseMayBeComplete;
  const queue: Submission[] = [];
  let draining = false;

  /** Takes the next group from the queue: at least one submission, at most maxEvents events. */
  function takeGroup(): Submission[] {
    let count = 0;
    let size = 0;
    while (size < queue.length && (size === 0 || count + queue[size].events.length <= maxEvents)) {
      count += queue[size].events.length;
      size += 1;
    }
    return queue.splice(0, size);
  }

  /** Starts the completion checks a commit calls for; per learner, a promise of their end (never rejected). */
  function checkCompletions(candidates: readonly CompletionCandidate[]): Map<string, Promise<unknown>> {
    if (!checkCompletion) return new Map();
    const byUser = new Map<string, Promise<unknown>[]>();
    for (const { userId, courseId } of candidates) {
      const check = Promise.resolve()
        .then(() => checkCompletion(userId, courseId))
        .catch((error: unknown) => console.error(`Không kiểm tra được việc hoàn thành khóa học ${courseId}:`, error));
      byUser.set(userId, [...(byUser.get(userId) ?? []), check]);
    }
    return new Map([...byUser].map(([userId, checks]) => [userId, Promise.all(checks)]));
  }

  /** Writes one group in one transaction and answers its requests (a learner's after their completion checks). */
  async function commitGroup(group: Submission[]): Promise<void> {
    try {
      const { outcomes, completing } = await retryTransactionWhileBusy(() => writeGroup(db, group, now()));
      // Not awaited here: the next group's commit does not wait for these checks.
      const checks = checkCompletions(completing);
      group.forEach((submission, index) => {
        const pending = checks.get(submission.userId);
        if (pending) void pending.then(() => submission.resolve(outcomes[index]));
        else submission.resolve(outcomes[index]);
      });
    } catch (error) {
      // One bad batch must not sink its neighbours: retry each alone unless the database is just busy.
      if (group.length > 1 && !isBusyError(error)) {
        for (const submission of group) await commitGroup([submission]);
        return;
      }
      for (const submission of group) submission.reject(error);
    }
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        await commitGroup(takeGroup());
        // Let requests that arrived during the commit reach the queue, so they share the next one.
        if (queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      draining = false;
    }
  }

  return {
    record(userId, events) {
      if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      return new Promise<RecordOutcome>((resolve, reject) => {
        queue.push({ userId, events, resolve, reject });
        if (!draining) {
          draining = true;
          // Wait for more requests before writing (see DEFAULT_GATHER_MS).
          setTimeout(() => void drain(), gatherMs);
        }
      });
    },
  };
}

/**
 * One transaction for a group of submissions: stores the events not seen before, updates the
 * derived tables from those, and says per submission how many were new, and which learners'
 * courses may have become complete.
 * The transaction begins IMMEDIATE (libSQL's "write" mode) because it reads before it writes, and
 * it never waits on anything but the database, so it holds the write lock only for its statements.
 * It speaks SQL to the libSQL client directly: this is the hot path, and drizzle's query building
 * took about a third of the transaction's time here (measured: 8.8 against 6.2 ms for 150 events).
 */
async function writeGroup(
  db: Database,
  group: readonly Submission[],
  receivedAt: Date,
): Promise<{ outcomes: RecordOutcome[]; completing: CompletionCandidate[] }> {
  // The first occurrence of a (user, id) in the group is the one that may be new; later ones are repeats.
  const firstOccurrence = new Map<string, UserEvent>();
  const owner = new Map<string, number>();
  group.forEach((submission, index) => {
    for (const event of submission.events) {
      const key = eventKey(submission.userId, event.id);
      if (firstOccurrence.has(key)) continue;
      firstOccurrence.set(key, { userId: submission.userId, event });
      owner.set(key, index);
    }
  });
  const candidates = [...firstOccurrence.values()];

  const tx = await db.$client.transaction('write');
  let stored: Set<string>;
  let completing: CompletionCandidate[];
  try {
    stored = await insertNewEvents(tx, candidates, receivedAt);
    completing = await applyProjections(
      tx,
      candidates.filter(({ userId, event }) => stored.has(eventKey(userId, event.id))),
      receivedAt,
    );
    await tx.commit();
  } finally {
    tx.close();
  }

  const accepted = group.map(() => 0);
  for (const key of stored) accepted[owner.get(key)!] += 1;
  return {
    outcomes: group.map((submission, index) => ({
      accepted: accepted[index],
      duplicates: submission.events.length - accepted[index],
    })),
    completing,
  };
}

/** Rows per INSERT statement: 10 parameters each, far below SQLite's limit of 32,766. */
const ROWS_PER_STATEMENT = 500;

/** Inserts the events not stored yet; returns the keys (see eventKey) of those it stored. */
async function insertNewEvents(
  tx: Transaction,
  candidates: readonly UserEvent[],
  receivedAt: Date,
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let start = 0; start < candidates.length; start += ROWS_PER_STATEMENT) {
    const chunk = candidates.slice(start, start + ROWS_PER_STATEMENT);
    const args: InValue[] = [];
    for (const { userId, event } of chunk) {
      args.push(
        userId,
        event.id.toLowerCase(),
        event.kind,
        event.courseId,
        event.lessonId,
        event.videoId,
        event.caseStudyId,
      );
      args.push(event.data ? JSON.stringify(event.data) : null, event.occurredAt.getTime(), receivedAt.getTime());
    }
    const result = await tx.execute({
      sql:
        'insert into progress_events (user_id, event_id, kind, course_id, lesson_id, video_id, case_study_id, data, occurred_at, received_at) ' +
        `values ${placeholders(chunk.length, 10)} on conflict do nothing returning user_id, event_id`,
      args,
    });
    for (const row of result.rows) inserted.add(eventKey(String(row.user_id), String(row.event_id)));
  }
  return inserted;
}

/** The identity of a stored event. UUIDs are compared in lower case, as RFC 9562 asks. */
export function eventKey(userId: string, eventId: string): string {
  return `${userId}\u0000${eventId.toLowerCase()}`;
}
