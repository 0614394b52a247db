/**
 * The published courses as completion needs them, read once from the content collections and
 * the quiz catalog (the content is part of the build, so a running server never sees it change).
 */
import { TRAINING_KINDS, labelOf } from '../../../schemas/vocabulary.ts';
import { lessonsByCourse, publishedCourses } from '../content/courses.ts';
import { quizCatalog } from '../content/quizzes.ts';
import { progressContent } from '../content/progress-content.ts';
import type { CompletionCourse } from './complete-course.ts';
import { courseVersion } from '../../completion/course-version.ts';
import { hoursOfMinutes } from '../../credited-hours.ts';
import { courseContentMinutes } from '../content/course-minutes.ts';

let loaded: Promise<ReadonlyMap<string, CompletionCourse>> | undefined;

/** Every published course by id, with its requirements and version (cached for the process). */
export function completionCourses(): Promise<ReadonlyMap<string, CompletionCourse>> {
  loaded ??= loadCompletionCourses().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function loadCompletionCourses(): Promise<ReadonlyMap<string, CompletionCourse>> {
  const [courses, lessonsGrouped, catalog, content, minutes] = await Promise.all([
    publishedCourses(),
    lessonsByCourse(),
    quizCatalog(),
    progressContent(),
    courseContentMinutes(),
  ]);
  const byId = new Map<string, CompletionCourse>();
  for (const course of courses) {
    const requirements = content.courses.get(course.id);
    if (!requirements) continue;
    const version = courseVersion({
      course: course.data,
      lessons: (lessonsGrouped.get(course.id) ?? []).map((lesson) => ({
        lessonId: lesson.id,
        data: lesson.data,
        body: lesson.body ?? '',
      })),
      quizzes: (catalog.byCourse.get(course.id) ?? []).map((entry) => ({
        quizId: entry.quizId,
        version: entry.version,
      })),
    });
    byId.set(course.id, {
      courseId: course.id,
      title: course.data.title,
      trainingKind: labelOf(TRAINING_KINDS, course.data.kind),
      hours: hoursOfMinutes(minutes.get(course.id) ?? 0),
      sample: course.data.sample,
      version,
      requirements,
    });
  }
  return byId;
}
