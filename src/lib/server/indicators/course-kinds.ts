/** Kind and title of every published course, from the content collections (cached per process). */
import { publishedCourses } from '../content/courses.ts';

export interface CourseInfo {
  kinds: ReadonlyMap<string, string>;
  titles: ReadonlyMap<string, string>;
}

let loaded: Promise<CourseInfo> | undefined;

/** Kind slug and title of each published course. */
export function courseInfo(): Promise<CourseInfo> {
  loaded ??= publishedCourses()
    .then((courses) => ({
      kinds: new Map(courses.map((course) => [course.id, course.data.kind as string])),
      titles: new Map(courses.map((course) => [course.id, course.data.title])),
    }))
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}
