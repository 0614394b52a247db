/**
 * Classes an administrator gave an instructor (training_classes.instructor_user_id), and their
 * attendees one by one: the only place an instructor sees learners' names. A class given to
 * someone else is "not found", exactly like a missing one.
 */
import { rowsOf } from './sql-rows.ts';
import type { AttendanceResult } from '../../classes/vocabulary.ts';

export interface GivenClass {
  id: string;
  content: string;
  unitName: string;
  startsOn: string;
  endsOn: string;
  hours: number;
  attendees: number;
}

const CLASS_COLUMNS = `c.id, c.content, u.name as unit_name, c.starts_on, c.ends_on, c.hours,
  (select count(*) from class_attendances ca where ca.class_id = c.id) as attendees`;

function given(row: Record<string, unknown>): GivenClass {
  return {
    id: String(row.id),
    content: String(row.content),
    unitName: String(row.unit_name),
    startsOn: String(row.starts_on),
    endsOn: String(row.ends_on),
    hours: Number(row.hours),
    attendees: Number(row.attendees),
  };
}

/** The classes given to this instructor, most recent first. */
export async function classesGivenTo(userId: string): Promise<GivenClass[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    `select ${CLASS_COLUMNS} from training_classes c join units u on u.id = c.unit_id
     where c.instructor_user_id = ?1 order by c.starts_on desc, c.created_at desc limit 500`,
    [userId],
  );
  return rows.map(given);
}

/** The class, only when it was given to this instructor. */
export async function classGivenTo(userId: string, classId: string): Promise<GivenClass | undefined> {
  const [row] = await rowsOf<Record<string, unknown>>(
    `select ${CLASS_COLUMNS} from training_classes c join units u on u.id = c.unit_id where c.id = ?1 and c.instructor_user_id = ?2`,
    [classId, userId],
  );
  return row ? given(row) : undefined;
}

export interface CourseProgress {
  lessonsDone: number;
  /** Best percent of a closed final-test attempt; null when none. */
  bestFinalPercent: number | null;
  completedAt: Date | null;
}

export interface AttendeeRow {
  officialId: string;
  staffCode: string;
  fullName: string;
  result: AttendanceResult;
  score: number | null;
  /** Online progress in each of the given courses, by course id (learners without an account: none). */
  progress: Map<string, CourseProgress>;
}

/**
 * The attendees of a class given to this instructor, with their online progress in `courseIds`
 * (the courses the instructor writes). Empty when the class is not theirs.
 */
export async function attendeesOfGivenClass(
  userId: string,
  classId: string,
  courseIds: readonly string[],
): Promise<AttendeeRow[]> {
  const people = await rowsOf<{
    official_id: string;
    staff_code: string;
    full_name: string;
    result: AttendeeRow['result'];
    score: number | null;
  }>(
    `select o.id as official_id, o.staff_code, o.full_name, ca.result, ca.score
     from class_attendances ca
     join training_classes c on c.id = ca.class_id and c.instructor_user_id = ?2
     join officials o on o.id = ca.official_id
     where ca.class_id = ?1 order by o.full_name, o.staff_code`,
    [classId, userId],
  );
  const rows: AttendeeRow[] = people.map((person) => ({
    officialId: person.official_id,
    staffCode: person.staff_code,
    fullName: person.full_name,
    result: person.result,
    score: person.score,
    progress: new Map(),
  }));
  if (rows.length === 0 || courseIds.length === 0) return rows;
  const progress = await rowsOf<{
    official_id: string;
    course_id: string;
    lessons_done: number;
    best_final: number | null;
    completed_at: number | null;
  }>(
    `with people as (
       select us.id as user_id, us.official_id from class_attendances ca
       join training_classes c on c.id = ca.class_id and c.instructor_user_id = ?2
       join users us on us.official_id = ca.official_id
       where ca.class_id = ?1
     ),
     courses(course_id) as (select value from json_each(?3))
     select p.official_id, k.course_id,
       (select count(*) from lesson_progress lp where lp.user_id = p.user_id and lp.course_id = k.course_id and lp.completed_at is not null) as lessons_done,
       (select max(percent) from quiz_attempts qa where qa.user_id = p.user_id and qa.course_id = k.course_id and qa.final = 1 and qa.status in ('submitted', 'expired')) as best_final,
       (select completed_at from course_completions cc where cc.user_id = p.user_id and cc.course_id = k.course_id) as completed_at
     from people p cross join courses k`,
    [classId, userId, JSON.stringify(courseIds)],
  );
  const byOfficial = new Map(rows.map((row) => [row.officialId, row]));
  for (const row of progress) {
    byOfficial.get(row.official_id)?.progress.set(row.course_id, {
      lessonsDone: row.lessons_done,
      bestFinalPercent: row.best_final,
      completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    });
  }
  return rows;
}
