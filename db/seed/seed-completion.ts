/**
 * Stands in for src/lib/server/completion/record-completion.ts while the demo history is seeded
 * (db/seed/server-seams.ts swaps it in). The real module reads the published courses through
 * astro:content, which exists only inside the built site; this one hands the same
 * completeCourseIfDue the courses read from disk (demo-content.ts) and the seed's clock, so a
 * final test passed on a past day completes the course and issues its certificate on that day.
 */
import {
  completeCourseIfDue,
  type CompletionCourse,
  type CompletionOutcome,
} from '../../src/lib/server/completion/complete-course.ts';
import { getDb } from '../../src/lib/server/db.ts';

let courses: ReadonlyMap<string, CompletionCourse> = new Map();
let now: () => Date = () => new Date();

/** Gives the stand-in its courses and clock (demo-history.ts, before any completion can happen). */
export function useSeedCompletion(published: ReadonlyMap<string, CompletionCourse>, clock: () => Date): void {
  courses = published;
  now = clock;
}

/** As the real recordCompletionIfDue, on the seed's courses and clock. */
export async function recordCompletionIfDue(userId: string, courseId: string): Promise<CompletionOutcome> {
  const course = courses.get(courseId);
  if (!course) return { recorded: false };
  return completeCourseIfDue(getDb(), course, userId, now());
}

/** As the real recordMissingCompletions (not reached while seeding). */
export async function recordMissingCompletions(userId: string, completedCourseIds: readonly string[]): Promise<void> {
  for (const courseId of completedCourseIds) await recordCompletionIfDue(userId, courseId);
}
