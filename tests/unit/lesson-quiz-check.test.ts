/** The content check of <Quiz id="…" /> in a lesson body. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLessonBody } from '../../src/lib/lesson-body-check.ts';

const CONTEXT = {
  file: 'content/courses/mau/lessons/01-gioi-thieu.mdx',
  videoIds: new Set<string>(),
  caseStudyIds: new Set<string>(),
  quizIds: new Set(['kiem-tra-cuoi-khoa']),
  publicFileExists: () => true,
};

describe('checkLessonBody with <Quiz>', () => {
  test('accepts a quiz of the course', () => {
    assert.deepEqual(checkLessonBody('Đoạn văn.\n\n<Quiz id="kiem-tra-cuoi-khoa" />\n', CONTEXT), []);
  });

  test('names the lesson, the line and the id field of an unknown quiz', () => {
    const problems = checkLessonBody('Đoạn văn.\n\n<Quiz id="khong-co" />\n', CONTEXT);

    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, CONTEXT.file);
    assert.equal(problems[0].field, 'dòng 3, cột 1');
    assert.match(problems[0].message, /<Quiz id="khong-co">: trường id không khớp .*Có: kiem-tra-cuoi-khoa/);
  });
});
