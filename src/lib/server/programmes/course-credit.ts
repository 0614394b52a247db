/**
 * The credited hours of every published course, with where they come from: the content's hours
 * (cached per process, the content is part of the build) or a recognised programme's (read fresh).
 * The catalog, the course page, the records, the yearly report and new certificates all read them
 * here, so what is shown, printed and summed is one figure.
 */
import { creditOf, hoursBasisText, hoursOfMinutes, type CreditedHours } from '../../credited-hours.ts';
import { courseContentMinutes } from '../content/course-minutes.ts';
import { publishedCourses } from '../content/courses.ts';
import { getDb } from '../db.ts';
import type { Database } from '../../../../db/client.ts';
import { decisionOf, recognisedProgrammesByCourse } from './programmes.ts';

export interface CourseCredit extends CreditedHours {
  /** "theo nội dung khóa học" or "theo Quyết định số … ngày … của …". */
  basisText: string;
  /** A sample course (tài liệu mẫu): its completions never count. */
  sample: boolean;
}

interface ContentPart {
  contentHours: number;
  sample: boolean;
}

let loaded: Promise<ReadonlyMap<string, ContentPart>> | undefined;

function contentPart(): Promise<ReadonlyMap<string, ContentPart>> {
  loaded ??= Promise.all([publishedCourses(), courseContentMinutes()])
    .then(
      ([courses, minutes]) =>
        new Map(
          courses.map((course) => [
            course.id,
            { contentHours: hoursOfMinutes(minutes.get(course.id) ?? 0), sample: course.data.sample },
          ]),
        ),
    )
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}

/** The credit of every published course, by id. */
export async function courseCredits(db: Database = getDb()): Promise<Map<string, CourseCredit>> {
  const [content, programmes] = await Promise.all([contentPart(), recognisedProgrammesByCourse(db)]);
  const credits = new Map<string, CourseCredit>();
  for (const [courseId, part] of content) {
    const programme = programmes.get(courseId);
    const credit = creditOf(part.contentHours, programme ? decisionOf(programme) : null);
    credits.set(courseId, { ...credit, basisText: hoursBasisText(credit.basis), sample: part.sample });
  }
  return credits;
}
