/**
 * The draft workflow on a real libSQL database, through the functions the instructor area's
 * actions call: drafts are private to their writers and reviewers, each step belongs to one role,
 * a double click changes nothing twice, a returned draft carries its comment and is editable
 * again, and invalid course fields are refused field by field without writing anything.
 */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { courseDrafts, courseStaff, draftEvents, roleGrants, users } from '../../db/schema/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import type { CourseFormInput } from '../../src/lib/authoring-forms/course-form.ts';
import type { NewCourseInput } from '../../src/lib/server/authoring/new-course.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { userIdOf } from '../support/completion-fixtures.ts';

let db: Database;
const who: Record<'writer' | 'reviewer' | 'otherInstructor' | 'learner', SessionUser> = {} as never;
let store: typeof import('../../src/lib/server/authoring/draft-store.ts');
let workflow: typeof import('../../src/lib/server/authoring/workflow.ts');
let edits: typeof import('../../src/lib/server/authoring/draft-edits.ts');
let newCourse: typeof import('../../src/lib/server/authoring/new-course.ts');

const COURSE: NewCourseInput = {
  title: 'Phòng chống thiên tai ở cấp xã',
  summary: 'Chuẩn bị, ứng phó và khắc phục hậu quả thiên tai tại xã, phường.',
  kind: 'tap-huan-nghiep-vu',
  fields: ['quan-tri-rui-ro-xa-hoi'],
  audiences: ['cong-chuc-chuyen-mon'],
  hours: 4,
};

let titleNumber = 0;
/** A new course draft written by the demo instructor (a new title each time: one open draft per course). */
async function newDraft(): Promise<string> {
  titleNumber += 1;
  const result = await newCourse.createCourse(who.writer, { ...COURSE, title: `${COURSE.title} ${titleNumber}` });
  assert.ok(result.ok, 'the course draft should be created');
  return result.draft.id;
}

async function sessionUser(account: string): Promise<SessionUser> {
  const { createSession, validateSessionToken } = await import('../../src/lib/server/auth/sessions.ts');
  const session = await validateSessionToken(await createSession(await userIdOf(db, account)));
  assert.ok(session);
  return session.user;
}

async function statusOf(draftId: string) {
  const [row] = await db.select().from(courseDrafts).where(eq(courseDrafts.id, draftId));
  return row;
}

before(async () => {
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  // An instructor who writes none of the courses.
  await db
    .insert(users)
    .values({ id: 'gv-khac', username: 'giangvien.khac', displayName: 'Giảng viên khác', passwordHash: 'x' });
  await db.insert(roleGrants).values({ userId: 'gv-khac', role: 'instructor' });
  store = await import('../../src/lib/server/authoring/draft-store.ts');
  workflow = await import('../../src/lib/server/authoring/workflow.ts');
  edits = await import('../../src/lib/server/authoring/draft-edits.ts');
  newCourse = await import('../../src/lib/server/authoring/new-course.ts');
  who.writer = await sessionUser('giangvien');
  who.reviewer = await sessionUser('thamdinh');
  who.otherInstructor = await sessionUser('giangvien.khac');
  who.learner = await sessionUser('hocvien');
});
after(() => db?.$client.close());

describe('a new course', () => {
  test('gets its id from the title folded to a slug and its creator as a writer, in one go', async () => {
    const result = await newCourse.createCourse(who.writer, { ...COURSE, title: 'Đất đai và Đô thị: cấp xã' });

    assert.ok(result.ok);
    assert.equal(result.draft.courseId, 'dat-dai-va-do-thi-cap-xa');
    assert.deepEqual(Object.keys(result.draft.files).sort(), [
      'courses/dat-dai-va-do-thi-cap-xa/course.yaml',
      'courses/dat-dai-va-do-thi-cap-xa/lessons/01-gioi-thieu.mdx',
    ]);
    const staff = await db
      .select()
      .from(courseStaff)
      .where(and(eq(courseStaff.courseId, 'dat-dai-va-do-thi-cap-xa'), eq(courseStaff.userId, who.writer.id)));
    assert.equal(staff.length, 1);
  });

  test('is refused when its id is already a live course', async () => {
    const result = await newCourse.createCourse(who.writer, { ...COURSE, title: 'Quản lý đất đai cấp xã' });

    assert.deepEqual(result, { ok: false, reason: 'taken', courseId: 'quan-ly-dat-dai-cap-xa' });
  });

  test('is refused when its id is already taken by another draft', async () => {
    await newCourse.createCourse(who.writer, { ...COURSE, title: 'Trùng tên khóa học' });

    const second = await newCourse.createCourse(who.reviewer, { ...COURSE, title: 'Trùng tên khóa học' });

    assert.equal(second.ok, false);
  });

  test('cannot be started by a learner', async () => {
    const result = await newCourse.createCourse(who.learner, { ...COURSE, title: 'Khóa học của học viên' });

    assert.deepEqual(result, { ok: false, reason: 'forbidden' });
  });
});

describe('drafts are private', () => {
  test('another instructor does not find the draft', async () => {
    const draftId = await newDraft();

    assert.equal(await store.findDraftFor(who.otherInstructor, draftId), undefined);
    assert.deepEqual(await workflow.submitDraft(who.otherInstructor, draftId), { ok: false, reason: 'not-found' });
  });

  test('a learner does not find the draft', async () => {
    const draftId = await newDraft();

    assert.equal(await store.findDraftFor(who.learner, draftId), undefined);
    assert.deepEqual(await edits.saveLessonForm(who.learner, draftId, '01-gioi-thieu', { title: 'Sửa trộm' }), {
      ok: false,
      reason: 'not-found',
    });
  });

  test('a reviewer finds the draft', async () => {
    const draftId = await newDraft();

    assert.equal((await store.findDraftFor(who.reviewer, draftId))?.id, draftId);
  });
});

describe('workflow steps belong to roles', () => {
  test('a writer cannot return a draft: only a reviewer may', async () => {
    const draftId = await newDraft();
    await workflow.submitDraft(who.writer, draftId);

    const result = await workflow.returnDraft(who.writer, draftId, 'Tự trả lại cho mình.');

    assert.deepEqual(result, { ok: false, reason: 'forbidden' });
    assert.equal((await statusOf(draftId)).status, 'submitted');
  });

  test('a reviewer cannot return a draft that was not submitted', async () => {
    const draftId = await newDraft();

    const result = await workflow.returnDraft(who.reviewer, draftId, 'Chưa gửi mà đã trả.');

    assert.deepEqual(result, { ok: false, reason: 'wrong-status' });
  });

  test('a submitted draft cannot be discarded or edited by its writer', async () => {
    const draftId = await newDraft();
    await workflow.submitDraft(who.writer, draftId);

    const discarded = await workflow.discardDraft(who.writer, draftId);
    const saved = await edits.saveLessonForm(who.writer, draftId, '01-gioi-thieu', {
      title: 'Sửa khi đang duyệt',
      summary: 'Một câu tóm tắt đủ dài.',
      minutes: '10',
      body: 'Nội dung.',
    });

    assert.deepEqual(discarded, { ok: false, reason: 'wrong-status' });
    assert.deepEqual(saved, { ok: false, reason: 'not-editable' });
  });

  test('a double submit records one submission', async () => {
    const draftId = await newDraft();

    const results = await Promise.all([
      workflow.submitDraft(who.writer, draftId),
      workflow.submitDraft(who.writer, draftId),
    ]);

    assert.deepEqual(results.map((result) => result.ok).sort(), [false, true]);
    const submissions = await db
      .select()
      .from(draftEvents)
      .where(and(eq(draftEvents.draftId, draftId), eq(draftEvents.action, 'submitted')));
    assert.equal(submissions.length, 1);
    assert.equal((await statusOf(draftId)).status, 'submitted');
  });
});

describe('a returned draft', () => {
  test('shows the reviewer comment and can be edited and submitted again', async () => {
    const draftId = await newDraft();
    await workflow.submitDraft(who.writer, draftId);

    const returned = await workflow.returnDraft(who.reviewer, draftId, 'Bài 1 cần thêm căn cứ pháp lý.');
    const saved = await edits.saveLessonForm(who.writer, draftId, '01-gioi-thieu', {
      title: 'Giới thiệu đã sửa',
      summary: 'Một câu tóm tắt đủ dài.',
      minutes: '12',
      required: 'true',
      body: 'Nội dung mới.',
    });
    const again = await workflow.submitDraft(who.writer, draftId);

    assert.ok(returned.ok);
    assert.equal(returned.draft.reviewComment, 'Bài 1 cần thêm căn cứ pháp lý.');
    assert.ok(saved.ok);
    assert.deepEqual(saved.problems, []);
    assert.ok(again.ok);
    const history = await workflow.draftHistoryNamed(draftId);
    assert.deepEqual(
      history.map((event) => event.action),
      ['created', 'submitted', 'returned', 'submitted'],
    );
    assert.equal(history[2].comment, 'Bài 1 cần thêm căn cứ pháp lý.');
  });
});

describe('the course form', () => {
  const emptyRows = {
    legalType: [],
    legalNumber: [],
    legalYear: [],
    legalTitle: [],
    legalArticle: [],
    legalUrl: [],
    legalChecked: [],
    instructorName: [],
    instructorOrganisation: [],
  };

  test('refuses invalid fields with Vietnamese messages by field and writes nothing', async () => {
    const draftId = await newDraft();
    const before = (await statusOf(draftId)).files;
    const form: CourseFormInput = {
      ...emptyRows,
      title: 'Ng',
      fields: [],
      audiences: ['can-bo'],
      hours: 'mười',
      days: '1',
      objectives: 'Làm được việc.',
      version: '1',
      status: 'published',
      updated: '2026-11-20',
      instructorName: ['ThS. A'],
      instructorOrganisation: [''],
    };

    const result = await edits.saveCourseForm(who.writer, draftId, form);

    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'invalid');
    const byField = Object.fromEntries(result.problems.map((problem) => [problem.field, problem.message]));
    assert.match(byField.title, /Tên khóa học \(title\) quá ngắn/);
    assert.match(byField.hours, /Số giờ học \(hours\) phải là một số/);
    assert.match(byField.fields, /Cần ít nhất một lĩnh vực/);
    assert.match(byField.summary, /Thiếu tóm tắt/);
    assert.deepEqual((await statusOf(draftId)).files, before);
  });

  test('saves valid fields as course.yaml, legal bases and instructors as rows', async () => {
    const draftId = await newDraft();
    const form: CourseFormInput = {
      title: 'Phòng chống thiên tai',
      summary: 'Chuẩn bị và ứng phó thiên tai tại cấp xã, phường.',
      kind: 'tap-huan-nghiep-vu',
      fields: ['quan-tri-rui-ro-xa-hoi'],
      audiences: ['can-bo'],
      hours: '4',
      days: '0,5',
      objectives: 'Lập phương án ứng phó.\n\nTổ chức sơ tán an toàn.',
      version: '1',
      status: 'published',
      updated: '2026-11-20',
      legalType: ['Luật', ''],
      legalNumber: ['33/2013/QH13', ''],
      legalYear: ['2013', ''],
      legalTitle: ['Luật Phòng, chống thiên tai', ''],
      legalArticle: ['', ''],
      legalUrl: ['', ''],
      legalChecked: ['2026-12-07', ''],
      instructorName: ['ThS. Nguyễn Văn A', ''],
      instructorOrganisation: ['Trường Chính trị tỉnh', ''],
    };

    const result = await edits.saveCourseForm(who.writer, draftId, form);

    assert.deepEqual(result, { ok: true });
    const draft = await statusOf(draftId);
    const text = draft.files[`courses/${draft.courseId}/course.yaml`];
    assert.match(text, /days: 0\.5/);
    assert.match(text, /- Tổ chức sơ tán an toàn\./);
    assert.match(text, /number: 33\/2013\/QH13/);
    assert.match(text, /checked: "2026-12-07"/);
    assert.doesNotMatch(text, /article/);
  });
});

describe('lessons of a draft', () => {
  test('move up and down by renumbering files while their slugs stay', async () => {
    const draftId = await newDraft();
    const second = await edits.saveLessonForm(who.writer, draftId, 'moi', {
      title: 'Bài hai: sơ tán',
      summary: 'Tổ chức sơ tán dân cư.',
      minutes: '10',
      required: 'true',
      body: 'Nội dung.',
    });
    assert.ok(second.ok);
    assert.equal(second.file, '02-bai-hai-so-tan');

    await edits.moveLesson(who.writer, draftId, '02-bai-hai-so-tan', -1);

    const draft = await statusOf(draftId);
    const lessons = Object.keys(draft.files)
      .filter((key) => key.includes('/lessons/'))
      .sort();
    assert.deepEqual(
      lessons.map((key) => key.split('/').at(-1)),
      ['01-bai-hai-so-tan.mdx', '02-gioi-thieu.mdx'],
    );
  });

  test('a deleted lesson leaves no gap in the numbering', async () => {
    const draftId = await newDraft();
    await edits.saveLessonForm(who.writer, draftId, 'moi', {
      title: 'Bài hai',
      summary: 'Tóm tắt bài hai.',
      minutes: '10',
      body: 'Nội dung.',
    });
    await edits.saveLessonForm(who.writer, draftId, 'moi', {
      title: 'Bài ba',
      summary: 'Tóm tắt bài ba.',
      minutes: '10',
      body: 'Nội dung.',
    });

    await edits.deleteLesson(who.writer, draftId, '02-bai-hai');

    const draft = await statusOf(draftId);
    const lessons = Object.keys(draft.files)
      .filter((key) => key.includes('/lessons/'))
      .sort();
    assert.deepEqual(
      lessons.map((key) => key.split('/').at(-1)),
      ['01-gioi-thieu.mdx', '02-bai-ba.mdx'],
    );
  });

  test('a lesson with problems is saved anyway and its problems are listed', async () => {
    const draftId = await newDraft();

    const result = await edits.saveLessonForm(who.writer, draftId, '01-gioi-thieu', {
      title: 'Giới thiệu',
      summary: 'Ngắn',
      minutes: '10',
      body: '<Video id="khong-co-video" />\n',
    });

    assert.ok(result.ok);
    assert.deepEqual(result.problems.map((problem) => problem.field).sort(), ['body', 'summary']);
    const draft = await statusOf(draftId);
    assert.match(draft.files[`courses/${draft.courseId}/lessons/01-gioi-thieu.mdx`], /khong-co-video/);
  });
});
