/**
 * A learner's course progress by the one completion rule (courseCompletionRule): used by
 * GET /api/v1/me/progress, the course page, "Việc học của tôi" and the administrators' views
 * of an official's progress. Authorization is the caller's: this answers for any user id.
 */
import { getDb } from '../db.ts';
import { progressContent } from '../content/progress-content.ts';
import type { CourseProgress } from '../../../schemas/api/progress.ts';
import { NOTHING_DONE, courseProgressFrom } from '../../progress/completion-rule.ts';
import { loadLearnerProgress } from '../completion/learner-state.ts';

/**
 * Progress of user `userId`: in course `courseId` when given (started or not; [] if the course
 * is not published), otherwise in every published course the user has started, most recent first.
 */
export async function courseProgressOf(userId: string, courseId?: string): Promise<CourseProgress[]> {
  const content = await progressContent();
  if (courseId !== undefined && !content.courses.has(courseId)) return [];
  const stored = await loadLearnerProgress(getDb(), userId, courseId);

  if (courseId !== undefined) {
    const mine = stored.courses.get(courseId);
    const state = mine?.state ?? { ...NOTHING_DONE, watchedVideoIds: stored.watchedVideoIds };
    return [
      courseProgressFrom(content.courses.get(courseId)!, state, {
        resume: mine?.resume,
        updatedAt: mine?.lastActivityAt,
      }),
    ];
  }
  return [...stored.courses.entries()]
    .filter(([id, progress]) => content.courses.has(id) && progress.state.started)
    .sort(([, a], [, b]) => (b.lastActivityAt?.getTime() ?? 0) - (a.lastActivityAt?.getTime() ?? 0))
    .map(([id, progress]) =>
      courseProgressFrom(content.courses.get(id)!, progress.state, {
        resume: progress.resume,
        updatedAt: progress.lastActivityAt,
      }),
    );
}
