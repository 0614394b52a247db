/**
 * A new course started from the instructor area: its id comes from the title (Vietnamese folded to
 * a slug), it gets a course.yaml and a starter lesson, and its creator becomes one of its writers,
 * all in one transaction.
 */
import { and, eq, ne } from 'drizzle-orm';
import { courseDrafts, courseStaff, type CourseDraft } from '../../../../db/schema/index.ts';
import type { Course } from '../../../schemas/course.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { isInstructor } from '../../auth/access.ts';
import { lessonText, yamlText } from '../../authoring/content-text.ts';
import { liveCourseExists } from './draft-files.ts';
import { slugOf } from './draft-outline.ts';
import { newDraftRow, recordDraftEvent } from './draft-store.ts';
import { withinInstructorLimits } from './access.ts';

/** What the "Tạo khóa học mới" form asks. */
export interface NewCourseInput {
  title: string;
  summary: string;
  kind: Course['kind'];
  fields: Course['fields'];
  audiences: Course['audiences'];
  hours: number;
}

export type NewCourseResult =
  | { ok: true; draft: CourseDraft }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'taken' | 'bad-title'; courseId: string };

/** The id a course with this title gets: "Quản lý đất đai cấp xã" → "quan-ly-dat-dai-cap-xa". */
export function courseIdFromTitle(title: string): string {
  return slugOf(title, 60);
}

/** The first files of a new course: course.yaml in the documented key order and a starter lesson. */
export function newCourseFiles(
  courseId: string,
  input: NewCourseInput,
  author: string,
  today = new Date(),
): Record<string, string> {
  const course = {
    title: input.title,
    summary: input.summary,
    kind: input.kind,
    fields: input.fields,
    audiences: input.audiences,
    hours: input.hours,
    days: Math.max(0.5, Math.ceil((input.hours / 8) * 2) / 2),
    objectives: [],
    legalBases: [],
    version: 1,
    instructors: [{ name: author }],
    status: 'published',
    sample: false,
    updated: today.toISOString().slice(0, 10),
  };
  const lesson = lessonText(
    {
      title: 'Giới thiệu khóa học',
      summary: 'Khóa học này giúp gì cho công việc của anh/chị và học thế nào.',
      minutes: 10,
      required: true,
    },
    'Viết nội dung bài học ở đây. Dùng thanh công cụ để chèn video, tình huống, ý cần nhớ.\n',
  );
  return {
    [`courses/${courseId}/course.yaml`]: yamlText(course),
    [`courses/${courseId}/lessons/01-gioi-thieu.mdx`]: lesson,
  };
}

/** Creates the course's first draft and makes the creator one of its writers. */
export async function createCourse(user: SessionUser, input: NewCourseInput): Promise<NewCourseResult> {
  if (!isInstructor(user)) return { ok: false, reason: 'forbidden' };
  const courseId = courseIdFromTitle(input.title);
  if (courseId.length < 3) return { ok: false, reason: 'bad-title', courseId };
  // An instructor limited to some courses or fields starts only a course those limits reach.
  if (!(await withinInstructorLimits(user, courseId, input.fields))) return { ok: false, reason: 'forbidden' };
  if (liveCourseExists(courseId)) return { ok: false, reason: 'taken', courseId };
  const db = getDb();
  const now = new Date();
  const draft = newDraftRow(user, courseId, newCourseFiles(courseId, input, user.displayName, now), null, now);
  return db.transaction(async (tx) => {
    // Any draft of that id but a discarded one means the name is taken (open, or published since).
    const [existing] = await tx
      .select({ id: courseDrafts.id })
      .from(courseDrafts)
      .where(and(eq(courseDrafts.courseId, courseId), ne(courseDrafts.status, 'discarded')))
      .limit(1);
    if (existing) return { ok: false, reason: 'taken', courseId } as const;
    await tx.insert(courseDrafts).values(draft);
    await tx.insert(courseStaff).values({ courseId, userId: user.id }).onConflictDoNothing();
    await recordDraftEvent(tx, draft.id, 'created', user.id);
    return { ok: true, draft } as const;
  });
}
