/**
 * Kind, fields and title of every published course, from the content collections (cached per
 * process). Sample courses (`sample: true`, "tài liệu mẫu") are real content for trying the
 * platform but not real training: they are left out of `kinds` and `fields` and listed in
 * `samples`, so nothing of theirs counts toward the indicators.
 */
import { publishedCourses } from '../content/courses.ts';

export interface CourseInfo {
  /** Training kind of each real (non-sample) course. */
  kinds: ReadonlyMap<string, string>;
  /** Field slugs of each real course. */
  fields: ReadonlyMap<string, readonly string[]>;
  /** Ids of the sample courses. */
  samples: ReadonlySet<string>;
  /** Title of every published course, samples included (for labels). */
  titles: ReadonlyMap<string, string>;
}

let loaded: Promise<CourseInfo> | undefined;

/** Kind, fields and title of each published course, and which are samples. */
export function courseInfo(): Promise<CourseInfo> {
  loaded ??= publishedCourses()
    .then((courses) => {
      const real = courses.filter((course) => !course.data.sample);
      return {
        kinds: new Map(real.map((course) => [course.id, course.data.kind as string])),
        fields: new Map(real.map((course) => [course.id, [...course.data.fields] as string[]])),
        samples: new Set(courses.filter((course) => course.data.sample).map((course) => course.id)),
        titles: new Map(courses.map((course) => [course.id, course.data.title])),
      };
    })
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}
