import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuestionSchema, type Question } from '../../src/schemas/question-bank.ts';
import { gradeAttempt, gradeQuestion } from '../../src/lib/assessment/grade.ts';

const options = (...ids: string[]) => ids.map((id) => ({ id, text: `Phương án ${id}` }));
const question = (raw: Record<string, unknown>): Question =>
  QuestionSchema.parse({ difficulty: 'de', prompt: 'Câu hỏi thử nghiệm?', ...raw });
const part = (q: Question) => {
  if (q.type === 'case-group') throw new Error('not a part');
  return q;
};

const single = part(question({ id: 's', type: 'single', options: options('a', 'b', 'c'), correct: ['b'], points: 2 }));
// Three correct options out of five, 3 points: each right choice +1, each wrong choice −1.
const multiple = part(
  question({
    id: 'm',
    type: 'multiple',
    options: options('a', 'b', 'c', 'd', 'e'),
    correct: ['a', 'b', 'c'],
    points: 3,
  }),
);
const trueFalse = part(question({ id: 't', type: 'true-false', correct: false }));
const ordering = part(
  question({
    id: 'o',
    type: 'ordering',
    options: options('p', 'q', 'r', 's'),
    correct: ['q', 'p', 's', 'r'],
    points: 4,
  }),
);

interface Case {
  name: string;
  answer: unknown;
  earned: number;
  correct: boolean;
  answered?: boolean;
}

function runTable(title: string, q: ReturnType<typeof part>, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      test(c.name, () => {
        const result = gradeQuestion(q, c.answer);

        assert.deepEqual(
          { earned: result.earned, correct: result.correct, answered: result.answered },
          { earned: c.earned, correct: c.correct, answered: c.answered ?? true },
        );
      });
    }
  });
}

runTable('gradeQuestion for single choice', single, [
  { name: 'gives full points for the correct option', answer: 'b', earned: 2, correct: true },
  { name: 'accepts the correct option as a one-item list', answer: ['b'], earned: 2, correct: true },
  { name: 'gives nothing for a wrong option', answer: 'a', earned: 0, correct: false },
  { name: 'gives nothing for two options chosen', answer: ['a', 'b'], earned: 0, correct: false },
  { name: 'treats a repeated option as one choice', answer: ['b', 'b'], earned: 2, correct: true },
  { name: 'ignores an unknown option id next to the correct one', answer: ['b', 'zz'], earned: 2, correct: true },
  { name: 'counts only unknown option ids as unanswered', answer: 'zz', earned: 0, correct: false, answered: false },
  { name: 'counts a missing answer as unanswered', answer: undefined, earned: 0, correct: false, answered: false },
  {
    name: 'counts an answer of the wrong shape as unanswered',
    answer: { b: true },
    earned: 0,
    correct: false,
    answered: false,
  },
]);

runTable('gradeQuestion for multiple choice (+1/k right, −1/k wrong, floored at 0)', multiple, [
  { name: 'gives full points for exactly the correct options', answer: ['c', 'a', 'b'], earned: 3, correct: true },
  { name: 'gives two thirds for two of three correct options', answer: ['a', 'b'], earned: 2, correct: false },
  { name: 'gives one third for one correct option', answer: ['a'], earned: 1, correct: false },
  {
    name: 'takes one third off for a wrong option chosen with all correct ones',
    answer: ['a', 'b', 'c', 'd'],
    earned: 2,
    correct: false,
  },
  { name: 'gives nothing for one right and one wrong option', answer: ['a', 'd'], earned: 0, correct: false },
  {
    name: 'floors at zero when wrong options outnumber right ones',
    answer: ['a', 'd', 'e'],
    earned: 0,
    correct: false,
  },
  {
    name: 'gives one third for every option ticked (3 right − 2 wrong)',
    answer: ['a', 'b', 'c', 'd', 'e'],
    earned: 1,
    correct: false,
  },
  { name: 'gives nothing for only wrong options', answer: ['d', 'e'], earned: 0, correct: false },
  { name: 'ignores unknown ids and duplicates', answer: ['a', 'a', 'b', 'x', 'c', 7], earned: 3, correct: true },
  { name: 'counts an empty list as unanswered', answer: [], earned: 0, correct: false, answered: false },
]);

describe('gradeQuestion for multiple choice with one correct option out of three', () => {
  const oneOfThree = part(question({ id: 'm1', type: 'multiple', options: options('a', 'b', 'c'), correct: ['a'] }));

  test('rounds a fraction of a point to two decimals', () => {
    const twoOfThree = part(
      question({ id: 'm2', type: 'multiple', options: options('a', 'b', 'c'), correct: ['a', 'b', 'c'] }),
    );

    assert.equal(gradeQuestion(twoOfThree, ['a', 'b']).earned, 0.67);
  });

  test('gives nothing when the right option comes with a wrong one', () => {
    assert.equal(gradeQuestion(oneOfThree, ['a', 'b']).earned, 0);
  });
});

runTable('gradeQuestion for true-false', trueFalse, [
  { name: 'gives the point for the right value', answer: false, earned: 1, correct: true },
  { name: 'gives nothing for the wrong value', answer: true, earned: 0, correct: false },
  { name: 'does not read the text "false" as an answer', answer: 'false', earned: 0, correct: false, answered: false },
  { name: 'counts a missing answer as unanswered', answer: undefined, earned: 0, correct: false, answered: false },
]);

runTable('gradeQuestion for ordering (share of items in their correct position)', ordering, [
  { name: 'gives full points for the correct order', answer: ['q', 'p', 's', 'r'], earned: 4, correct: true },
  { name: 'gives half for two items in place', answer: ['q', 'p', 'r', 's'], earned: 2, correct: false },
  { name: 'gives nothing when no item is in place', answer: ['p', 'q', 'r', 's'], earned: 0, correct: false },
  { name: 'gives a quarter for one item in place', answer: ['q', 'r', 'p', 'x'], earned: 1, correct: false },
  { name: 'drops unknown ids before comparing positions', answer: ['x', 'q', 'p', 's', 'r'], earned: 4, correct: true },
  { name: 'keeps only the first of a repeated item', answer: ['q', 'q', 'p', 's', 'r'], earned: 4, correct: true },
  { name: 'grades a partial order by the positions given', answer: ['q', 'p'], earned: 2, correct: false },
  { name: 'counts a missing answer as unanswered', answer: null, earned: 0, correct: false, answered: false },
]);

describe('gradeAttempt', () => {
  const group = question({
    id: 'g',
    type: 'case-group',
    prompt: 'Đọc tình huống rồi trả lời.',
    scenario: 'Một tình huống thử nghiệm đủ dài để người học trả lời các câu hỏi sau.',
    questions: [
      { id: 'g1', type: 'true-false', prompt: 'Mệnh đề thứ nhất là đúng.', correct: true },
      {
        id: 'g2',
        type: 'single',
        prompt: 'Câu chọn một trong nhóm?',
        options: options('a', 'b'),
        correct: ['a'],
        points: 2,
      },
    ],
  });

  test('sums a case group from its parts and reports each part', () => {
    const grade = gradeAttempt([group], { g1: true, g2: 'b' });

    assert.deepEqual(grade.questions[0], {
      questionId: 'g',
      earned: 1,
      max: 3,
      correct: false,
      answered: true,
      parts: [
        { questionId: 'g1', earned: 1, max: 1, correct: true, answered: true },
        { questionId: 'g2', earned: 0, max: 2, correct: false, answered: true },
      ],
    });
  });

  test('adds up earned and maximum points with a percentage to one decimal', () => {
    const grade = gradeAttempt([single, multiple, trueFalse, ordering, group], {
      s: 'b',
      m: ['a'],
      t: false,
      o: ['q', 'p', 'r', 's'],
      g1: true,
      g2: 'a',
    });

    assert.deepEqual(
      { earned: grade.earned, max: grade.max, percent: grade.percent },
      { earned: 9, max: 13, percent: 69.2 },
    );
  });

  test('passes at exactly the pass mark', () => {
    assert.equal(gradeAttempt([single, trueFalse], { s: 'b', t: true }, 66.6).passed, true);
  });

  test('fails just below the pass mark even when the percentage rounds up to it', () => {
    // 2 of 3 points is 66.666…%, shown as 66.7, which is still below a pass mark of 66.7.
    assert.equal(gradeAttempt([single, trueFalse], { s: 'b', t: true }, 66.7).passed, false);
  });

  test('gives zero and fails when nothing is answered', () => {
    const grade = gradeAttempt([single, group], {}, 50);

    assert.deepEqual(
      [grade.earned, grade.percent, grade.passed, grade.questions.every((q) => !q.answered)],
      [0, 0, false, true],
    );
  });

  test('never passes an attempt with no questions', () => {
    assert.deepEqual(gradeAttempt([], {}, 0), { questions: [], earned: 0, max: 0, percent: 0, passed: false });
  });

  test('ignores answers to questions that were not drawn', () => {
    assert.equal(gradeAttempt([trueFalse], { t: false, s: 'b', khac: ['a'] }).earned, 1);
  });
});
