import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ratingFormErrors } from '../../src/components/admin/rating-form-errors.ts';

describe('ratingFormErrors', () => {
  test("links a question's error to its first choice and shows it next to the question", () => {
    const { errors, fieldErrors } = ratingFormErrors({ usefulness: ['Chọn một mức từ 1 đến 5.'] }, ['satisfaction', 'usefulness'], 'x');

    assert.deepEqual([errors, fieldErrors.usefulness], [[{ field: 'usefulness-1', message: 'Chọn một mức từ 1 đến 5.' }], 'Chọn một mức từ 1 đến 5.']);
  });

  test('links a comment error to the comment box', () => {
    const { errors } = ratingFormErrors({ comment: ['Góp ý quá dài.'] }, ['satisfaction'], 'x');

    assert.deepEqual(errors, [{ field: 'comment', message: 'Góp ý quá dài.' }]);
  });

  test('falls back to the first question with the general message when no field has an error', () => {
    const { errors } = ratingFormErrors({}, ['satisfaction', 'usefulness'], 'Đã gửi ý kiến rồi.');

    assert.deepEqual(errors, [{ field: 'satisfaction-1', message: 'Đã gửi ý kiến rồi.' }]);
  });
});
