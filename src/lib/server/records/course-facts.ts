/**
 * Title, kind and hours of every published course, for the records (read once per process from
 * the content collections, which are part of the build).
 */
import { publishedCourses } from '../content/courses.ts';
import type { CourseFacts } from './training-records.ts';

let loaded: Promise<ReadonlyMap<string, CourseFacts>> | undefined;

/** Published courses by id (cached). */
export function courseFacts(): Promise<ReadonlyMap<string, CourseFacts>> {
  loaded ??= publishedCourses()
    .then(
      (courses) =>
        new Map(
          courses.map((course) => [
            course.id,
            { title: course.data.title, kind: course.data.kind, hours: course.data.hours },
          ]),
        ),
    )
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}
