/**
 * Fixture builders for completion and certificate tests: a demo course read from content/ as the
 * completion code sees it, and a learner's progress and final-test attempts written straight into
 * a test database (the quiz and progress flows have their own tests).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import yaml from 'js-yaml';
import type { Database } from '../../db/client.ts';
import { lessonProgress, officials, quizAttempts, users, videoProgress } from '../../db/schema/index.ts';
import { lessonIdFromPath, lessonOrderFromPath } from '../../src/lib/content-paths.ts';
import type { CompletionCourse } from '../../src/lib/server/completion/complete-course.ts';
import { quizUrl } from '../../src/lib/content-paths.ts';
import { courseRequirements } from '../../src/lib/progress/requirements.ts';
import { courseHours } from '../../src/integrations/content-check/course-hours.ts';
import { TRAINING_KINDS, labelOf } from '../../src/schemas/vocabulary.ts';

const COURSES = join(process.cwd(), 'content', 'courses');

/** The demo course with a final test the tests walk through. */
export const TCD = 'tiep-cong-dan-khieu-nai-to-cao';
export const TCD_FINAL = `${TCD}/kiem-tra-cuoi-khoa`;

/** A demo course as completeCourseIfDue needs it, read from content/ (version: a fixed test value). */
export function demoCompletionCourse(courseId: string): CompletionCourse & { lessonIds: string[] } {
  const course = yaml.load(readFileSync(join(COURSES, courseId, 'course.yaml'), 'utf8')) as {
    title: string;
    kind: string;
    hours: number;
    sample?: boolean;
  };
  const files = readdirSync(join(COURSES, courseId, 'lessons')).sort(
    (a, b) => lessonOrderFromPath(a) - lessonOrderFromPath(b),
  );
  const lessons = files.map((file) => {
    const source = readFileSync(join(COURSES, courseId, 'lessons', file), 'utf8');
    const front = yaml.load(source.split(/^---$/m)[1]) as { title: string; required?: boolean };
    return {
      lessonId: lessonIdFromPath(`${courseId}/lessons/${file}`),
      title: front.title,
      required: front.required ?? true,
      body: source,
    };
  });
  const finalQuiz = readdirSync(join(COURSES, courseId, 'quizzes'))
    .map((file) => ({
      slug: file.replace(/\.ya?ml$/, ''),
      quiz: yaml.load(readFileSync(join(COURSES, courseId, 'quizzes', file), 'utf8')) as {
        title: string;
        final?: boolean;
      },
    }))
    .find(({ quiz }) => quiz.final);
  const finalTest = finalQuiz
    ? {
        quizId: `${courseId}/${finalQuiz.slug}`,
        title: finalQuiz.quiz.title,
        url: quizUrl(`${courseId}/${finalQuiz.slug}`),
      }
    : null;
  return {
    courseId,
    title: course.title,
    trainingKind: labelOf(TRAINING_KINDS, course.kind),
    // The credited hours, as the content check reads them (src/lib/credited-hours.ts).
    hours: courseHours(process.cwd()).find((each) => each.courseId === courseId)?.credited ?? 0,
    sample: course.sample ?? false,
    version: 'phien-ban-thu',
    requirements: courseRequirements({ courseId, title: course.title }, lessons, finalTest),
    lessonIds: lessons.map((lesson) => lesson.lessonId),
  };
}

/** The user id of the account of the official with this staff code, or of this username. */
export async function userIdOf(db: Database, staffCodeOrUsername: string): Promise<string> {
  const [byStaffCode] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(officials, eq(officials.id, users.officialId))
    .where(eq(officials.staffCode, staffCodeOrUsername))
    .limit(1);
  if (byStaffCode) return byStaffCode.id;
  const [byUsername] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, staffCodeOrUsername))
    .limit(1);
  if (!byUsername) throw new Error(`Không có tài khoản ${staffCodeOrUsername} trong dữ liệu mẫu.`);
  return byUsername.id;
}

/** Marks lessons completed and videos watched, at `at`. */
export async function completeLessonsAndVideos(
  db: Database,
  userId: string,
  course: { courseId: string; requirements: { requiredLessonIds: string[]; requiredVideoIds: string[] } },
  at = new Date(),
): Promise<void> {
  const { requiredLessonIds, requiredVideoIds } = course.requirements;
  if (requiredLessonIds.length) {
    await db
      .insert(lessonProgress)
      .values(
        requiredLessonIds.map((lessonId) => ({
          userId,
          lessonId,
          courseId: course.courseId,
          openedAt: at,
          completedAt: at,
        })),
      )
      .onConflictDoNothing();
  }
  if (requiredVideoIds.length) {
    await db
      .insert(videoProgress)
      .values(
        requiredVideoIds.map((videoId) => ({
          userId,
          videoId,
          intervals: [[0, 100]] as [number, number][],
          watchedSeconds: 100,
          durationSeconds: 100,
          completedAt: at,
        })),
      )
      .onConflictDoNothing();
  }
}

let attemptNumber = 0;

/** Writes a graded final-test attempt (as the quiz service would after grading); returns its id. */
export async function gradedFinalAttempt(
  db: Database,
  userId: string,
  quizId: string,
  result: { percent: number; passed: boolean; submittedAt?: Date; status?: 'submitted' | 'in_progress' },
): Promise<string> {
  attemptNumber += 1;
  const id = `thu${attemptNumber}${Math.random().toString(36).slice(2, 10)}`;
  const submittedAt = result.submittedAt ?? new Date();
  const open = result.status === 'in_progress';
  await db.insert(quizAttempts).values({
    id,
    userId,
    courseId: quizId.slice(0, quizId.indexOf('/')),
    quizId,
    attemptNumber,
    quizVersion: 'thu',
    final: true,
    passPercent: 70,
    drawn: [],
    questions: [],
    status: open ? 'in_progress' : 'submitted',
    startedAt: new Date(submittedAt.getTime() - 10 * 60_000),
    submittedAt: open ? null : submittedAt,
    earned: open ? null : result.percent,
    maxPoints: open ? null : 100,
    percent: open ? null : result.percent,
    passed: open ? null : result.passed,
  });
  return id;
}
