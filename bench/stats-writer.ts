/**
 * The concurrent writer of `npm run bench:stats` (a child process on the same file database): the
 * app's real write paths at a steady rate while the parent times the dashboards.
 *  - progress events through the progress event store (createEventStore, as the server wires it:
 *    a completion check after each commit), small batches like devices send, BENCH_WRITER_EVENTS
 *    per second (default 700) from random officials of the first province;
 *  - completions, BENCH_WRITER_COMPLETIONS per second (default 5): a lesson_completed event for a
 *    one-lesson bench course through the same store, whose completion check records the completion
 *    and its certificate (completeCourseIfDue), and the indicators' facts in that transaction
 *    (the facts write hook, installed here as the server installs it).
 * Arguments: database URL, officials in the first province. Runs until SIGTERM, then prints one
 * JSON line of what it wrote.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../db/client.ts';
import { createEventStore } from '../src/lib/server/progress/event-store.ts';
import { completeCourseIfDue, type CompletionCourse } from '../src/lib/server/completion/complete-course.ts';
import { installFactsHook, leftoverStats } from '../src/lib/server/indicators/facts-store.ts';
import type { AcceptedEvent } from '../src/lib/progress/check-events.ts';

export const WRITER_COURSE_ID = 'bench-ky-nang';
export const WRITER_COURSE_KIND = 'ky-nang-bo-tro';
const LESSON = `${WRITER_COURSE_ID}/bai-1`;
const COURSES = ['tiep-cong-dan', 'ky-nang-so', 'giao-tiep', 'qlnn-chung'];

const [url, officialsArg] = process.argv.slice(2);
const officials = Number(officialsArg);
const eventsPerSecond = Number(process.env.BENCH_WRITER_EVENTS ?? 700);
const completionsPerSecond = Number(process.env.BENCH_WRITER_COMPLETIONS ?? 5);

const course: CompletionCourse = {
  courseId: WRITER_COURSE_ID,
  title: 'Kỹ năng (bench)',
  trainingKind: 'Kỹ năng bổ trợ',
  hours: 4,
  version: 'v1',
  requirements: { requiredLessonIds: [LESSON], requiredVideoIds: [], finalTest: null },
};

installFactsHook();
const db = openDatabase(url);
let completed = 0;
let completionErrors = 0;
const store = createEventStore(db, {
  whenCourseMayBeComplete: async (userId, courseId) => {
    if (courseId !== WRITER_COURSE_ID) return;
    try {
      const outcome = await completeCourseIfDue(db, course, userId);
      if (outcome.recorded) completed += 1;
    } catch {
      completionErrors += 1;
    }
  },
});

const event = (kind: AcceptedEvent['kind'], courseId: string, lessonId: string): AcceptedEvent => ({
  id: randomUUID(),
  kind,
  courseId,
  lessonId,
  videoId: null,
  caseStudyId: null,
  occurredAt: new Date(),
  data: null,
  videoDurationSeconds: null,
});

let events = 0;
let writeErrors = 0;
// Start at a random learner: on a reused BENCH_DB the first learners already completed the course.
let nextLearner = Math.floor(Math.random() * officials);
const pending = new Set<Promise<unknown>>();
const track = (work: Promise<unknown>) => {
  pending.add(work);
  void work.finally(() => pending.delete(work));
};

// Ticks of 100 ms: a tenth of each rate, in batches of 7 events (a device's sync).
const TICK_MS = 100;
let eventDebt = 0;
let completionDebt = 0;
const started = performance.now();
const timer = setInterval(() => {
  eventDebt += (eventsPerSecond * TICK_MS) / 1000;
  completionDebt += (completionsPerSecond * TICK_MS) / 1000;
  while (eventDebt >= 7) {
    eventDebt -= 7;
    const user = `up0o${Math.floor(Math.random() * officials)}`;
    const courseId = COURSES[Math.floor(Math.random() * COURSES.length)]!;
    const batch = Array.from({ length: 7 }, (_, i) =>
      event(i % 2 ? 'lesson_opened' : 'lesson_completed', courseId, `${courseId}/bai-${Math.floor(Math.random() * 8)}`),
    );
    track(
      store.record(user, batch).then(
        (outcome) => (events += outcome.accepted),
        () => (writeErrors += 1),
      ),
    );
  }
  while (completionDebt >= 1) {
    completionDebt -= 1;
    const user = `up0o${nextLearner++ % officials}`;
    track(
      store.record(user, [event('lesson_completed', WRITER_COURSE_ID, LESSON)]).then(
        (outcome) => (events += outcome.accepted),
        () => (writeErrors += 1),
      ),
    );
  }
}, TICK_MS);

process.send?.('ready');
process.on('SIGTERM', () => {
  clearInterval(timer);
  void Promise.allSettled([...pending]).then(() => {
    const seconds = (performance.now() - started) / 1000;
    console.log(
      JSON.stringify({ seconds, events, completed, writeErrors, completionErrors, leftoverReads: leftoverStats.reads }),
    );
    db.$client.close();
    process.exit(0);
  });
});
