import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { CourseSchema } from '../../src/schemas/course.ts';
import { LessonSchema } from '../../src/schemas/lesson.ts';
import { VideoSchema } from '../../src/schemas/video.ts';
import { zodProblems } from '../../src/integrations/content-check/problems.ts';
import { VALID_COURSE_YAML } from '../fixtures/content-tree.ts';

const validCourse = () => yaml.load(VALID_COURSE_YAML) as Record<string, unknown>;

/** The messages for a course with `changes` applied (undefined deletes a field). */
function courseMessages(changes: Record<string, unknown>): { field: string; message: string }[] {
  const course = { ...validCourse(), ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete course[key];
  return zodProblems(CourseSchema, course, 'course.yaml').map(({ field, message }) => ({ field, message }));
}

describe('CourseSchema', () => {
  test('accepts a complete course', () => {
    assert.deepEqual(courseMessages({}), []);
  });

  test('asks for a missing title by its field name', () => {
    const [problem] = courseMessages({ title: undefined });

    assert.equal(problem.field, 'title');
    assert.match(problem.message, /tên khóa học \(title\)/);
  });

  test('lists the allowed kinds of training for an unknown kind', () => {
    const [problem] = courseMessages({ kind: 'boi-duong-khac' });

    assert.equal(problem.field, 'kind');
    assert.match(
      problem.message,
      /"boi-duong-khac" không có trong danh mục\. Dùng một trong: chuyen-mon-chuyen-nganh, kien-thuc-chung-qlnn/,
    );
  });

  test('names the position of an unknown field of work', () => {
    const [problem] = courseMessages({ fields: ['dat-dai', 'nong-nghiep'] });

    assert.equal(problem.field, 'fields.1');
    assert.match(problem.message, /Lĩnh vực \(fields\) "nong-nghiep" không có trong danh mục/);
  });

  test('requires at least one audience', () => {
    assert.match(courseMessages({ audiences: [] })[0].message, /ít nhất một đối tượng/);
  });

  test('rejects hours written as text with an example of a number, without calling it missing', () => {
    const [problem] = courseMessages({ hours: '8 giờ' });

    assert.match(problem.message, /^Số giờ học \(hours\) phải là một số, ví dụ 8/);
  });

  test('calls a field missing only when it is absent', () => {
    assert.match(courseMessages({ version: undefined })[0].message, /^Thiếu trường "version"/);
  });

  test('rejects a status other than draft or published', () => {
    assert.match(courseMessages({ status: 'xuat-ban' })[0].message, /"draft" \(bản nháp\) hoặc "published"/);
  });

  test('points out a misspelt field name', () => {
    const [problem] = courseMessages({ objective: ['x'] });

    assert.match(problem.message, /Trường không được hỗ trợ: objective/);
  });

  test('rejects a date that is not YYYY-MM-DD', () => {
    assert.match(courseMessages({ updated: '20 tháng 11' })[0].message, /YYYY-MM-DD/);
  });

  test('rejects a legal basis whose number does not start with a digit', () => {
    const [problem] = courseMessages({
      legalBases: [{ type: 'Luật', number: 'Luật Đất đai', year: 2024, title: 'Luật Đất đai', checked: '2026-12-07' }],
    });

    assert.equal(problem.field, 'legalBases.0.number');
    assert.match(problem.message, /phải bắt đầu bằng số/);
  });

  test('allows only the Constitution to be cited without a number', () => {
    const withoutNumber = (type: string) =>
      courseMessages({ legalBases: [{ type, year: 2013, title: 'Hiến pháp', checked: '2026-12-07' }] });

    assert.deepEqual(withoutNumber('Hiến pháp'), []);
    assert.match(withoutNumber('Luật')[0].message, /Chỉ Hiến pháp được để trống/);
  });

  test('takes the checked date of a legal basis as YAML reads it (a date) or as text, and refuses it missing', () => {
    const basis = { type: 'Luật', number: '31/2024/QH15', year: 2024, title: 'Luật Đất đai' };

    assert.deepEqual(courseMessages({ legalBases: [{ ...basis, checked: new Date('2026-12-07') }] }), []);
    assert.deepEqual(courseMessages({ legalBases: [{ ...basis, checked: '2026-12-07' }] }), []);
    const [missing] = courseMessages({ legalBases: [basis] });
    assert.equal(missing.field, 'legalBases.0.checked');
    assert.match(missing.message, /Thiếu ngày kiểm tra văn bản \(checked\)/);
  });
});

describe('LessonSchema', () => {
  test('defaults a lesson to required', () => {
    const lesson = LessonSchema.parse({ title: 'Bài một', summary: 'Tóm tắt bài một.', minutes: 10 });

    assert.equal(lesson.required, true);
  });

  test('asks for minutes as a whole number when given text', () => {
    const [problem] = zodProblems(
      LessonSchema,
      { title: 'Bài một', summary: 'Tóm tắt bài một.', minutes: '15 phút' },
      'bai.mdx',
    );

    assert.equal(problem.field, 'minutes');
    assert.match(problem.message, /số phút, ví dụ 15/);
  });
});

describe('VideoSchema', () => {
  const video = {
    title: 'Video',
    sources: [{ src: '/media/videos/a.mp4', type: 'video/mp4' }],
    captions: '/media/videos/a.vi.vtt',
    poster: '/media/videos/a.jpg',
    durationSeconds: 60,
    transcript: 'Lời thoại đầy đủ của video, đủ dài để vượt qua kiểm tra độ dài tối thiểu của bản ghi.',
  };

  test('accepts a video with captions and transcript', () => {
    assert.deepEqual(zodProblems(VideoSchema, video, 'v.yaml'), []);
  });

  test('requires captions to be a WebVTT file', () => {
    const [problem] = zodProblems(VideoSchema, { ...video, captions: '/media/videos/a.srt' }, 'v.yaml');

    assert.equal(problem.field, 'captions');
    assert.match(problem.message, /WebVTT/);
  });

  test('requires media paths under /media/', () => {
    const [problem] = zodProblems(
      VideoSchema,
      { ...video, sources: [{ src: 'C:\\Videos\\a.mp4', type: 'video/mp4' }] },
      'v.yaml',
    );

    assert.equal(problem.field, 'sources.0.src');
    assert.match(problem.message, /public\/media/);
  });

  test('refuses media paths that climb out of /media/, however written', () => {
    for (const path of [
      '/media/../../data/hoc-lieu-so.db',
      '/media/videos/../../x.mp4',
      '/media/./a.mp4',
      '/media/.an.mp4',
      '/media//a.mp4',
    ]) {
      const problems = zodProblems(VideoSchema, { ...video, poster: path }, 'v.yaml');

      assert.deepEqual(
        problems.map((problem) => problem.field),
        ['poster'],
        path,
      );
      assert.match(problems[0].message, /không có "\.\."/);
    }
  });
});
