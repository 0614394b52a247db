import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formErrors } from '../../src/lib/form-errors.ts';
import { ratingErrorOptions } from '../../src/components/admin/rating-fields.ts';

/** Shaped as Astro's ActionInputError: `fields` by input name, `issues`, an English message. */
const inputError = (
  fields: Record<string, string[]>,
  issues = Object.values(fields)
    .flat()
    .map((message) => ({ message })),
) => ({
  code: 'BAD_REQUEST',
  message: 'Failed to validate: [...]',
  fields,
  issues,
});
/** Shaped as an ActionError thrown by a handler. */
const refusal = (message: string, code = 'CONFLICT') => ({ code, message });

describe('formErrors', () => {
  test('gives nothing without an error', () => {
    assert.deepEqual(formErrors(undefined, { fallback: 'x' }), { summary: [], fieldErrors: {} });
  });

  test("links each input's first message to its control, in the order of the inputs", () => {
    const { summary, fieldErrors } = formErrors(
      inputError({ name: ['Hãy đặt tên.', 'Tên quá ngắn.'], unitId: ['Hãy chọn đơn vị.'] }),
      {
        fieldIds: { name: 'ten-ma', unitId: 'don-vi-ma' },
        fallback: 'don-vi-ma',
      },
    );

    assert.deepEqual(summary, [
      { field: 'ten-ma', message: 'Hãy đặt tên.' },
      { field: 'don-vi-ma', message: 'Hãy chọn đơn vị.' },
    ]);
    assert.deepEqual(fieldErrors, { 'ten-ma': 'Hãy đặt tên.', 'don-vi-ma': 'Hãy chọn đơn vị.' });
  });

  test('keeps every message of an input when asked', () => {
    const { summary, fieldErrors } = formErrors(inputError({ body: ['Một.', 'Hai.'] }), {
      fieldIds: (name) => name,
      fallback: 'title',
      everyMessage: true,
    });

    assert.deepEqual(
      summary.map((line) => line.message),
      ['Một.', 'Hai.'],
    );
    assert.equal(fieldErrors.body, 'Một.');
  });

  test('links an input without a control to the fallback, never to a name the page does not have', () => {
    const { summary } = formErrors(inputError({ constructor: ['Mã không hợp lệ.'] }), {
      fieldIds: { name: 'ten-ma' },
      fallback: 'don-vi-ma',
    });

    assert.deepEqual(summary, [{ field: 'don-vi-ma', message: 'Mã không hợp lệ.' }]);
  });

  test("never shows Astro's English message: an input error on no input says the first issue, or that the form is invalid", () => {
    assert.deepEqual(formErrors(inputError({}, [{ message: 'Hai mật khẩu không khớp.' }]), { fallback: 'x' }).summary, [
      { field: 'x', message: 'Hai mật khẩu không khớp.' },
    ]);
    assert.deepEqual(formErrors(inputError({}, []), { fallback: 'x' }).summary, [
      { field: 'x', message: 'Biểu mẫu không hợp lệ.' },
    ]);
  });

  test("a refusal's lines each link to the fallback and show beside it", () => {
    const { summary, fieldErrors } = formErrors(refusal('Dòng 2: thiếu mã cán bộ.\nDòng 5: ngày sai.', 'BAD_REQUEST'), {
      fieldIds: { file: 'tep' },
      fallback: 'tep',
    });

    assert.deepEqual(summary, [
      { field: 'tep', message: 'Dòng 2: thiếu mã cán bộ.' },
      { field: 'tep', message: 'Dòng 5: ngày sai.' },
    ]);
    assert.deepEqual(fieldErrors, { tep: 'Dòng 2: thiếu mã cán bộ.' });
  });

  test('the fallback may depend on the refusal, and may stay out of the field', () => {
    const fallback = (error: { code?: string }) => (error.code === 'UNAUTHORIZED' ? 'currentPassword' : 'newPassword');
    assert.deepEqual(formErrors(refusal('Mật khẩu hiện tại không đúng.', 'UNAUTHORIZED'), { fallback }).summary, [
      { field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' },
    ]);

    const { summary, fieldErrors } = formErrors(refusal('Bản nháp đang chờ duyệt.'), {
      fallback: 'title',
      fallbackBeside: false,
    });
    assert.deepEqual([summary.length, fieldErrors], [1, {}]);
  });
});

describe('rating forms', () => {
  const questions = [{ key: 'satisfaction' }, { key: 'usefulness' }];

  test("link a question's error to its first choice and show it next to the question", () => {
    const { summary, fieldErrors } = formErrors(
      inputError({ usefulness: ['Chọn một mức từ 1 đến 5.'] }),
      ratingErrorOptions(questions),
    );

    assert.deepEqual(
      [summary, fieldErrors],
      [
        [{ field: 'usefulness-1', message: 'Chọn một mức từ 1 đến 5.' }],
        { 'usefulness-1': 'Chọn một mức từ 1 đến 5.' },
      ],
    );
  });

  test('link a comment error to the comment box', () => {
    assert.deepEqual(formErrors(inputError({ comment: ['Góp ý quá dài.'] }), ratingErrorOptions(questions)).summary, [
      { field: 'comment', message: 'Góp ý quá dài.' },
    ]);
  });

  test('link a refusal to the first question, in the summary only', () => {
    const { summary, fieldErrors } = formErrors(refusal('Đã gửi ý kiến rồi.'), ratingErrorOptions(questions));

    assert.deepEqual([summary, fieldErrors], [[{ field: 'satisfaction-1', message: 'Đã gửi ý kiến rồi.' }], {}]);
  });
});
