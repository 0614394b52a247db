/**
 * Title, kind, credited hours (with where they come from) and the sample flag of every published
 * course, for the records: title and kind from the content collections, the hours from
 * programmes/course-credit.ts (a reviewer's programme record counts at once).
 */
import { publishedCourses } from '../content/courses.ts';
import { courseCredits } from '../programmes/course-credit.ts';
import type { CourseFacts } from './training-records.ts';

/** Published courses by id. */
export async function courseFacts(): Promise<ReadonlyMap<string, CourseFacts>> {
  const [courses, credits] = await Promise.all([publishedCourses(), courseCredits()]);
  return new Map(
    courses.map((course) => {
      const credit = credits.get(course.id);
      return [
        course.id,
        {
          title: course.data.title,
          kind: course.data.kind,
          hours: credit?.hours ?? 0,
          hoursBasis: credit?.basisText ?? null,
          sample: course.data.sample,
        },
      ];
    }),
  );
}
