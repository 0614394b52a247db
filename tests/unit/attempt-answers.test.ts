import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuestionBankSchema } from '../../src/schemas/question-bank.ts';
import { drawQuestions, questionsOf } from '../../src/lib/assessment/draw.ts';
import {
  answerSlots,
  publicQuestions,
  toPublicAnswer,
  toStoredAnswer,
} from '../../src/lib/assessment/public-attempt.ts';
import { answersFromForm, positionField } from '../../src/lib/assessment/answer-input.ts';
import { gradeAttempt } from '../../src/lib/assessment/grade.ts';

/** One question of every type, with ids that would give answers away if the learner saw them. */
const bank = QuestionBankSchema.parse({
  title: 'Ngân hàng thử mọi loại câu',
  questions: [
    {
      id: 'mot-dap-an-la-b',
      type: 'single',
      difficulty: 'de',
      prompt: 'Câu một lựa chọn thử nghiệm?',
      options: [
        { id: 'a', text: 'Sai một' },
        { id: 'b', text: 'Đúng' },
        { id: 'c', text: 'Sai hai' },
      ],
      correct: ['b'],
    },
    {
      id: 'nhieu-dap-an-a-c',
      type: 'multiple',
      difficulty: 'de',
      prompt: 'Câu nhiều lựa chọn thử nghiệm?',
      options: [
        { id: 'a', text: 'Đúng một' },
        { id: 'b', text: 'Sai' },
        { id: 'c', text: 'Đúng hai' },
      ],
      correct: ['a', 'c'],
    },
    {
      id: 'menh-de-sai',
      type: 'true-false',
      difficulty: 'de',
      prompt: 'Đúng hay sai: mệnh đề thử nghiệm.',
      correct: false,
    },
    {
      id: 'sap-xep',
      type: 'ordering',
      difficulty: 'de',
      prompt: 'Sắp xếp các bước thử nghiệm.',
      options: [
        { id: 'buoc-mot', text: 'Một' },
        { id: 'buoc-hai', text: 'Hai' },
        { id: 'buoc-ba', text: 'Ba' },
      ],
      correct: ['buoc-mot', 'buoc-hai', 'buoc-ba'],
    },
    {
      id: 'tinh-huong',
      type: 'case-group',
      difficulty: 'de',
      prompt: 'Đọc tình huống và trả lời.',
      scenario: 'Một tình huống đủ dài để người học trả lời các câu hỏi bên dưới.',
      questions: [
        { id: 'y-mot-dung', type: 'true-false', prompt: 'Đúng hay sai: ý thứ nhất.', correct: true },
        {
          id: 'y-hai-la-a',
          type: 'single',
          prompt: 'Ý thứ hai của tình huống?',
          options: [
            { id: 'a', text: 'Đúng' },
            { id: 'b', text: 'Sai' },
          ],
          correct: ['a'],
        },
      ],
    },
  ],
});
const quiz = { draw: [{ count: 5 }], shuffleQuestions: true, shuffleOptions: true };
const drawn = drawQuestions(bank, quiz, 'lan-lam-thu');
const questions = questionsOf(bank, drawn);
const slots = answerSlots(questions, drawn);
const slotOf = (bankId: string) => slots.find((slot) => slot.question.id === bankId)!;
/** The public option id the learner sees for a bank option. */
const shown = (bankId: string, optionId: string) => String(slotOf(bankId).optionIds.indexOf(optionId) + 1);

describe('publicQuestions', () => {
  test('names questions and options only by their displayed position', () => {
    const shownQuestions = publicQuestions(questions, drawn);

    assert.deepEqual(
      shownQuestions.map((question) => question.id),
      ['c1', 'c2', 'c3', 'c4', 'c5'],
    );
    for (const question of shownQuestions) {
      if ('options' in question)
        assert.deepEqual(
          question.options.map((option) => option.id),
          question.options.map((_, index) => String(index + 1)),
        );
      if (question.type === 'case-group')
        assert.deepEqual(
          question.questions.map((part) => part.id),
          [`${question.id}-1`, `${question.id}-2`],
        );
    }
  });

  test('contains no bank id, key or explanation', () => {
    const text = JSON.stringify(publicQuestions(questions, drawn));

    for (const id of ['mot-dap-an-la-b', 'nhieu-dap-an-a-c', 'menh-de-sai', 'buoc-mot', 'y-mot-dung', 'y-hai-la-a'])
      assert.ok(!text.includes(id), id);
    assert.doesNotMatch(text, /"correct"|"explanation"|"legalReference"/);
  });
});

describe('toStoredAnswer', () => {
  test('turns each type of public answer into bank ids that grade as the learner meant', () => {
    const answers: Record<string, unknown> = {};
    const store = (bankId: string, value: unknown) => {
      const stored = toStoredAnswer(slotOf(bankId), value);
      assert.ok(stored.ok, bankId);
      answers[bankId] = stored.value;
    };

    store('mot-dap-an-la-b', shown('mot-dap-an-la-b', 'b'));
    store('nhieu-dap-an-a-c', [shown('nhieu-dap-an-a-c', 'c'), shown('nhieu-dap-an-a-c', 'a')]);
    store('menh-de-sai', false);
    store(
      'sap-xep',
      ['buoc-mot', 'buoc-hai', 'buoc-ba'].map((id) => shown('sap-xep', id)),
    );
    store('y-mot-dung', true);
    store('y-hai-la-a', shown('y-hai-la-a', 'a'));

    assert.equal(gradeAttempt(questions, answers).percent, 100);
  });

  const refusals: { name: string; bankId: string; value: unknown }[] = [
    { name: 'an option that is not shown', bankId: 'mot-dap-an-la-b', value: '4' },
    { name: 'a bank option id instead of a position', bankId: 'mot-dap-an-la-b', value: 'b' },
    { name: 'a list for a single choice', bankId: 'mot-dap-an-la-b', value: ['1'] },
    { name: 'the same option twice', bankId: 'nhieu-dap-an-a-c', value: ['1', '1'] },
    { name: 'a string for true/false', bankId: 'menh-de-sai', value: 'false' },
    { name: 'an ordering missing an item', bankId: 'sap-xep', value: ['1', '2'] },
    { name: 'an ordering with an item twice', bankId: 'sap-xep', value: ['1', '2', '2'] },
  ];
  for (const { name, bankId, value } of refusals) {
    test(`refuses ${name}, naming the question`, () => {
      const stored = toStoredAnswer(slotOf(bankId), value);

      assert.equal(stored.ok, false);
      assert.match(!stored.ok ? stored.message : '', /^Câu \d+(, ý \d+)?: /);
    });
  }

  test('clears an answer with null and a multiple choice with an empty list', () => {
    assert.deepEqual(toStoredAnswer(slotOf('mot-dap-an-la-b'), null), { ok: true, value: null });
    assert.deepEqual(toStoredAnswer(slotOf('nhieu-dap-an-a-c'), []), { ok: true, value: null });
  });

  test('gives the learner back the public answer they saved', () => {
    const slot = slotOf('sap-xep');
    const order = ['3', '1', '2'];
    const stored = toStoredAnswer(slot, order);

    assert.deepEqual(stored.ok && toPublicAnswer(slot, stored.value), order);
  });
});

describe('answersFromForm', () => {
  test('reads radios, checkboxes, true/false and position selects, clearing what is not chosen', () => {
    const form = new FormData();
    const single = slotOf('mot-dap-an-la-b').publicId;
    const ordering = slotOf('sap-xep').publicId;
    form.append(single, '2');
    form.append(slotOf('menh-de-sai').publicId, 'false');
    form.append(positionField(ordering, '1'), '3');
    form.append(positionField(ordering, '2'), '1');
    form.append(positionField(ordering, '3'), '2');

    const { answers, problems } = answersFromForm(form, slots);

    assert.deepEqual(problems, []);
    assert.equal(answers[single], '2');
    assert.equal(answers[slotOf('menh-de-sai').publicId], false);
    assert.deepEqual(answers[ordering], ['2', '3', '1']);
    assert.deepEqual(answers[slotOf('nhieu-dap-an-a-c').publicId], []);
    assert.equal(answers[slotOf('y-mot-dung').publicId], null);
  });

  test('reports an ordering with a position used twice and leaves it out', () => {
    const form = new FormData();
    const ordering = slotOf('sap-xep').publicId;
    form.append(positionField(ordering, '1'), '1');
    form.append(positionField(ordering, '2'), '1');
    form.append(positionField(ordering, '3'), '2');

    const { answers, problems } = answersFromForm(form, slots);

    assert.equal(ordering in answers, false);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /mỗi mục một vị trí khác nhau/);
  });
});
