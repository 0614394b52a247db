/** `npm run course:new`: the scaffold passes the content check, and existing or bad ids are refused. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldCourse } from '../../scripts/course-new.ts';
import { checkContent } from '../../src/integrations/content-check/check-content.ts';

function withTempRoot(run: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'course-new-'));
  try {
    run(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('scaffoldCourse', () => {
  test('a new course passes the content check', () => {
    withTempRoot((root) => {
      const result = scaffoldCourse(root, 'quan-ly-ho-tich', 'Quản lý hộ tịch cấp xã');

      assert.equal(result.ok, true);
      assert.deepEqual(result.ok && result.problems, []);
      assert.deepEqual(checkContent(root), []);
    });
  });

  test('the new course is a draft with its lesson, question bank and final test', () => {
    withTempRoot((root) => {
      scaffoldCourse(root, 'quan-ly-ho-tich', 'Quản lý hộ tịch cấp xã');

      const dir = join(root, 'content/courses/quan-ly-ho-tich');
      assert.match(readFileSync(join(dir, 'course.yaml'), 'utf8'), /^status: draft$/m);
      assert.match(readFileSync(join(dir, 'lessons/01-gioi-thieu.mdx'), 'utf8'), /^title: Giới thiệu khóa học$/m);
      assert.match(readFileSync(join(dir, 'question-banks/ngan-hang-chung.yaml'), 'utf8'), /id: cau-hoi-mau/);
      assert.match(readFileSync(join(dir, 'quizzes/kiem-tra-cuoi-khoa.yaml'), 'utf8'), /^final: true$/m);
    });
  });

  test('refuses an id that already exists, leaving its files as they were', () => {
    withTempRoot((root) => {
      scaffoldCourse(root, 'quan-ly-ho-tich', 'Quản lý hộ tịch cấp xã');
      const before = readFileSync(join(root, 'content/courses/quan-ly-ho-tich/course.yaml'), 'utf8');

      const again = scaffoldCourse(root, 'quan-ly-ho-tich', 'Một khóa học khác');

      assert.equal(again.ok, false);
      assert.match(!again.ok ? again.message : '', /Đã có khóa học "quan-ly-ho-tich"/);
      assert.equal(readFileSync(join(root, 'content/courses/quan-ly-ho-tich/course.yaml'), 'utf8'), before);
    });
  });

  test('refuses an id that is not a lower-case slug', () => {
    withTempRoot((root) => {
      const result = scaffoldCourse(root, 'Quản lý', 'Quản lý hộ tịch cấp xã');

      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.message : '', /không hợp lệ/);
    });
  });
});
