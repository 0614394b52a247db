/**
 * The progress write path asks for a completion check only when a course may just have become
 * complete (a lesson completed or a video fully watched for the first time), after the commit and
 * before answering: so recording ordinary progress (the progress benchmark) does no extra work.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { lessonProgress } from '../../db/schema/index.ts';
import type { AcceptedEvent } from '../../src/lib/progress/check-events.ts';
import { createEventStore, type EventStore } from '../../src/lib/server/progress/event-store.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { TCD, userIdOf } from '../support/completion-fixtures.ts';

const LESSON = `${TCD}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const OTHER_LESSON = `${TCD}/phan-loai-va-xu-ly-don`;
const VIDEO = 'quy-trinh-tiep-cong-dan';

let db: Database;
let store: EventStore;
const checks: { userId: string; courseId: string; lessonCommitted: boolean }[] = [];

before(async () => {
  db = openTestDatabase(await createTestDatabase());
  store = createEventStore(db, {
    whenCourseMayBeComplete: async (userId, courseId) => {
      // Runs after the commit: the completed lesson is already visible to another reader.
      const [row] = await db
        .select()
        .from(lessonProgress)
        .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, LESSON)));
      checks.push({ userId, courseId, lessonCommitted: Boolean(row?.completedAt) });
    },
  });
});
after(() => db.$client.close());

function event(kind: AcceptedEvent['kind'], extra: Partial<AcceptedEvent> = {}): AcceptedEvent {
  return {
    id: randomUUID(),
    kind,
    courseId: TCD,
    lessonId: LESSON,
    videoId: null,
    caseStudyId: null,
    occurredAt: new Date(),
    data: null,
    videoDurationSeconds: null,
    ...extra,
  };
}

function watched(intervals: [number, number][]): AcceptedEvent {
  return event('video_watched', {
    videoId: VIDEO,
    data: { intervals, position: intervals.at(-1)![1], duration: 101 },
    videoDurationSeconds: 101,
  });
}

/** The checks asked for while `work` ran. */
async function checksDuring(work: () => Promise<unknown>) {
  const before = checks.length;
  await work();
  return checks.slice(before);
}

describe('completion checks from the progress write path', () => {
  test('asks once, after the commit, when a lesson is completed for the first time', async () => {
    const userId = await userIdOf(db, 'SL-PT-001');

    const asked = await checksDuring(() => store.record(userId, [event('lesson_opened'), event('lesson_completed')]));

    assert.deepEqual(asked, [{ userId, courseId: TCD, lessonCommitted: true }]);
  });

  test('does not ask when a completed lesson is completed again', async () => {
    const userId = await userIdOf(db, 'SL-PT-002');
    await store.record(userId, [event('lesson_completed')]);

    const asked = await checksDuring(() =>
      store.record(userId, [event('lesson_completed'), event('lesson_completed')]),
    );

    assert.deepEqual(asked, []);
  });

  test('does not ask for lessons opened or videos only partly watched', async () => {
    const userId = await userIdOf(db, 'SL-PT-003');

    const asked = await checksDuring(() =>
      store.record(userId, [
        event('lesson_opened'),
        event('lesson_opened', { lessonId: OTHER_LESSON }),
        watched([[0, 40]]),
      ]),
    );

    assert.deepEqual(asked, []);
  });

  test('asks once when a video reaches 90 % watched, and not when it is watched again', async () => {
    const userId = await userIdOf(db, 'SL-PT-004');
    await store.record(userId, [watched([[0, 50]])]);

    const first = await checksDuring(() => store.record(userId, [watched([[50, 95]])]));
    const again = await checksDuring(() => store.record(userId, [watched([[0, 101]])]));

    assert.deepEqual(
      first.map(({ courseId }) => courseId),
      [TCD],
    );
    assert.deepEqual(again, []);
  });

  test('asks for each learner of a group written in one commit', async () => {
    const learners = await Promise.all(['SL-PT-005', 'SL-PT-006', 'SL-PT-007'].map((code) => userIdOf(db, code)));

    const asked = await checksDuring(() =>
      Promise.all(learners.map((userId) => store.record(userId, [event('lesson_completed')]))),
    );

    assert.deepEqual(asked.map(({ userId }) => userId).sort(), [...learners].sort());
  });

  test('answers the request and keeps the events when the check fails', async () => {
    const userId = await userIdOf(db, 'SL-PT-008');
    const failing = createEventStore(db, {
      whenCourseMayBeComplete: async () => Promise.reject(new Error('hỏng thử')),
    });
    const logged = console.error;
    console.error = () => {};
    try {
      const outcome = await failing.record(userId, [event('lesson_completed')]);

      assert.deepEqual(outcome, { accepted: 1, duplicates: 0 });
    } finally {
      console.error = logged;
    }
  });
});
