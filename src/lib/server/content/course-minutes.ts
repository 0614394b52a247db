/**
 * Minutes each published course's content takes, by the credited-hours rule
 * (src/lib/credited-hours.ts): lessons, quizzes and case studies of the course's folder. Read once
 * per process from the content collections, which are part of the build.
 */
import { getCollection } from 'astro:content';
import { contentMinutes } from '../../credited-hours.ts';
import { courseIdOf, lessonsByCourse, publishedCourses } from './courses.ts';
import { quizCatalog } from './quizzes.ts';

let loaded: Promise<ReadonlyMap<string, number>> | undefined;

/** Content minutes of every published course, by id (cached). */
export function courseContentMinutes(): Promise<ReadonlyMap<string, number>> {
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function load(): Promise<ReadonlyMap<string, number>> {
  const [courses, lessons, catalog, studies] = await Promise.all([
    publishedCourses(),
    lessonsByCourse(),
    quizCatalog(),
    getCollection('caseStudies'),
  ]);
  return new Map(
    courses.map((course) => [
      course.id,
      contentMinutes({
        lessons: (lessons.get(course.id) ?? []).map((lesson) => lesson.data),
        quizzes: (catalog.byCourse.get(course.id) ?? []).map((entry) => entry.quiz),
        caseStudies: studies.filter((study) => courseIdOf(study) === course.id).map((study) => study.data),
      }),
    ]),
  );
}
