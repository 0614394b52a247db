/**
 * "Việc học của tôi" as one view: the courses the learner has started, the courses assigned to
 * them with where each stands, and their certificates. Completions the rule already holds for but
 * that were never recorded are recorded first, so a completed course always shows its certificate
 * and its assignment as done.
 */
import { assignmentStatus, daysOverdue, type AssignmentStatus } from '../../assignments/deadline-rules.ts';
import { assignmentsOfOfficial } from '../assignments/queries.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { certificatesOfUser, type OwnCertificate } from '../certificates/records.ts';
import { recordMissingCompletions } from '../completion/record-completion.ts';
import { getDb } from '../db.ts';
import type { CourseProgress } from '../../../schemas/api/progress.ts';
import { courseProgressOf } from './course-progress.ts';

/** A course an administrator sent the learner to, with the learner's progress in it. */
export interface MyAssignment {
  courseId: string;
  /** YYYY-MM-DD. */
  deadline: string;
  reason: string;
  /** Done: the assignment was fulfilled (a recorded completion) or the course is complete by the rule. */
  completed: boolean;
  status: AssignmentStatus;
  /** 0 up to the deadline day, then the days past it. */
  daysOverdue: number;
  progress: CourseProgress;
}

export interface MyLearning {
  /** The courses started, most recent first. */
  courses: CourseProgress[];
  /** The active assignments of a course still published, earliest deadline first. */
  assignments: MyAssignment[];
  /** The most recent first. */
  certificates: OwnCertificate[];
}

/** What "Việc học của tôi" shows `user` on day `today` (YYYY-MM-DD in Vietnam). */
export async function myLearning(user: Pick<SessionUser, 'id' | 'officialId'>, today: string): Promise<MyLearning> {
  const courses = await courseProgressOf(user.id);
  try {
    await recordMissingCompletions(
      user.id,
      courses.filter((course) => course.status === 'completed').map((course) => course.courseId),
    );
  } catch (error) {
    console.error('Không ghi nhận được hoàn thành khóa học:', error);
  }
  const db = getDb();
  const [assigned, certificates] = await Promise.all([
    user.officialId ? assignmentsOfOfficial(db, user.officialId) : [],
    certificatesOfUser(db, user.id),
  ]);
  const started = new Map(courses.map((course) => [course.courseId, course]));
  const assignments = await Promise.all(
    assigned.map(async (assignment): Promise<MyAssignment | undefined> => {
      // A course no longer published has no page to send the learner to: it is left out.
      const progress = started.get(assignment.courseId) ?? (await courseProgressOf(user.id, assignment.courseId))[0];
      if (!progress) return undefined;
      const completed = Boolean(assignment.completedAt) || progress.status === 'completed';
      return {
        courseId: assignment.courseId,
        deadline: assignment.deadline,
        reason: assignment.reason,
        completed,
        status: assignmentStatus({ deadline: assignment.deadline, cancelled: false, completed }, today),
        daysOverdue: daysOverdue(assignment.deadline, today),
        progress,
      };
    }),
  );
  return {
    courses,
    assignments: assignments.filter((item) => item !== undefined),
    certificates,
  };
}
