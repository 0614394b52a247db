/** The course version recorded with a completion: it changes with anything the learner was asked to do. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { courseVersion, type CourseVersionSource } from '../../src/lib/completion/course-version.ts';

const source: CourseVersionSource = {
  course: { title: 'Tiếp công dân', hours: 24, version: 1 },
  lessons: [
    { lessonId: 'k/a', data: { title: 'Bài A', required: true }, body: 'Nội dung A' },
    { lessonId: 'k/b', data: { title: 'Bài B', required: false }, body: 'Nội dung B' },
  ],
  quizzes: [
    { quizId: 'k/kiem-tra-cuoi-khoa', version: 'aaaa' },
    { quizId: 'k/on-tap', version: 'bbbb' },
  ],
};

describe('courseVersion', () => {
  test('is 16 hex digits and the same for the same course', () => {
    assert.match(courseVersion(source), /^[0-9a-f]{16}$/);
    assert.equal(courseVersion(structuredClone(source)), courseVersion(source));
  });

  test('does not depend on the order quizzes are listed in', () => {
    assert.equal(courseVersion({ ...source, quizzes: [...source.quizzes].reverse() }), courseVersion(source));
  });

  const changes: [string, CourseVersionSource][] = [
    ['the course data', { ...source, course: { ...(source.course as object), hours: 16 } }],
    ['a lesson body', { ...source, lessons: [source.lessons[0], { ...source.lessons[1], body: 'Nội dung B đã sửa' }] }],
    [
      'whether a lesson is required',
      { ...source, lessons: [source.lessons[0], { ...source.lessons[1], data: { title: 'Bài B', required: true } }] },
    ],
    ['the order of lessons', { ...source, lessons: [...source.lessons].reverse() }],
    ['a quiz or its bank', { ...source, quizzes: [source.quizzes[0], { quizId: 'k/on-tap', version: 'cccc' }] }],
    ['a quiz added', { ...source, quizzes: [...source.quizzes, { quizId: 'k/them', version: 'dddd' }] }],
  ];
  for (const [what, changed] of changes) {
    test(`changes with ${what}`, () => {
      assert.notEqual(courseVersion(changed), courseVersion(source));
    });
  }
});
