import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { QuestionBankSchema, type Question, type QuestionBank } from '../../src/schemas/question-bank.ts';
import { QuizSchema, type Quiz } from '../../src/schemas/quiz.ts';
import { drawQuestions, publicQuestion, questionsOf, seededRandom } from '../../src/lib/assessment/draw.ts';

const COURSE = 'content/courses/tiep-cong-dan-khieu-nai-to-cao';
const load = <T>(schema: { parse: (data: unknown) => T }, path: string): T =>
  schema.parse(yaml.load(readFileSync(path, 'utf8')));
const demoBank = load(QuestionBankSchema, `${COURSE}/question-banks/ngan-hang-chung.yaml`);
const finalQuiz = load(QuizSchema, `${COURSE}/quizzes/kiem-tra-cuoi-khoa.yaml`);
const practiceQuiz = load(QuizSchema, `${COURSE}/quizzes/on-tap.yaml`);
const seeds = Array.from({ length: 200 }, (_, i) => `lan-lam-bai-${i}`);

/** A small bank: four questions tagged "a", three tagged "b", ids in bank order q0..q6. */
const smallBank: QuestionBank = QuestionBankSchema.parse({
  title: 'Ngân hàng nhỏ',
  questions: Array.from({ length: 7 }, (_, i) => ({
    id: `q${i}`,
    type: 'single',
    tags: [i < 4 ? 'a' : 'b'],
    difficulty: i % 2 === 0 ? 'de' : 'kho',
    prompt: `Câu hỏi thử nghiệm số ${i}?`,
    options: [
      { id: 'x', text: 'X' },
      { id: 'y', text: 'Y' },
      { id: 'z', text: 'Z' },
    ],
    correct: ['x'],
  })),
});
const quiz = (draw: Quiz['draw'], shuffle = true) => ({ draw, shuffleQuestions: shuffle, shuffleOptions: shuffle });

describe('seededRandom', () => {
  test('gives the same sequence for the same seed', () => {
    const a = seededRandom('hạt giống');
    const b = seededRandom('hạt giống');

    assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
  });

  test('gives numbers in [0, 1)', () => {
    const random = seededRandom('x');

    assert.ok(Array.from({ length: 1000 }, random).every((n) => n >= 0 && n < 1));
  });
});

describe('drawQuestions', () => {
  test('draws the same questions and orders for the same seed', () => {
    assert.deepEqual(drawQuestions(demoBank, finalQuiz, 'abc'), drawQuestions(demoBank, finalQuiz, 'abc'));
  });

  test('draws differently for different seeds', () => {
    const draws = new Set(seeds.slice(0, 20).map((seed) => JSON.stringify(drawQuestions(demoBank, finalQuiz, seed))));

    assert.ok(draws.size > 15, `only ${draws.size} different draws out of 20`);
  });

  test('takes exactly the count of each rule when the rules do not overlap', () => {
    for (const seed of seeds) {
      const drawn = drawQuestions(
        smallBank,
        quiz([
          { tags: ['a'], count: 2 },
          { tags: ['b'], count: 3 },
        ]),
        seed,
      );

      const ids = drawn.map((item) => Number(item.questionId.slice(1)));
      assert.deepEqual([ids.filter((i) => i < 4).length, ids.filter((i) => i >= 4).length], [2, 3]);
    }
  });

  test('honours the difficulty of a rule', () => {
    const drawn = drawQuestions(smallBank, quiz([{ difficulty: 'kho', count: 3 }]), 's');

    assert.deepEqual(drawn.map((item) => item.questionId).sort(), ['q1', 'q3', 'q5']);
  });

  test('never draws a question twice', () => {
    for (const seed of seeds) {
      const ids = drawQuestions(demoBank, finalQuiz, seed).map((item) => item.questionId);

      assert.equal(new Set(ids).size, ids.length);
    }
  });

  test('always satisfies the demo quizzes that the content check accepts', () => {
    for (const seed of seeds) {
      assert.equal(drawQuestions(demoBank, finalQuiz, seed).length, 12);
      assert.equal(drawQuestions(demoBank, practiceQuiz, seed).length, 8);
    }
  });

  test('keeps the bank order of questions and options when shuffling is off', () => {
    const drawn = drawQuestions(smallBank, quiz([{ count: 7 }], false), 's');

    assert.deepEqual(
      drawn.map((item) => item.questionId),
      ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6'],
    );
    assert.ok(drawn.every((item) => item.optionOrder[item.questionId].join() === 'x,y,z'));
  });

  test('never shows ordering items in their correct order', () => {
    const orderings = demoBank.questions.filter((q) => q.type === 'ordering');

    for (const seed of seeds) {
      for (const item of drawQuestions({ questions: orderings }, quiz([{ count: orderings.length }], false), seed)) {
        const q = orderings.find((o) => o.id === item.questionId);
        assert.notDeepEqual(item.optionOrder[item.questionId], q?.type === 'ordering' && q.correct);
      }
    }
  });

  test('throws when the bank has too few questions for a rule', () => {
    assert.throws(() => drawQuestions(smallBank, quiz([{ tags: ['b'], count: 4 }]), 's'), /needs 4 questions/);
  });
});

describe('questionsOf', () => {
  test('returns the bank questions in the drawn order and skips ids no longer in the bank', () => {
    const questions = questionsOf(smallBank, [
      { questionId: 'q3', optionOrder: {} },
      { questionId: 'da-xoa', optionOrder: {} },
      { questionId: 'q0', optionOrder: {} },
    ]);

    assert.deepEqual(
      questions.map((q) => q.id),
      ['q3', 'q0'],
    );
  });
});

describe('publicQuestion', () => {
  const ALLOWED_KEYS = new Set(['id', 'type', 'prompt', 'points', 'options', 'text', 'scenario', 'questions']);
  const keysOf = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(keysOf);
    if (value && typeof value === 'object')
      return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
    return [];
  };
  const partsOf = (q: Question) => (q.type === 'case-group' ? q.questions : [q]);
  const drawn = (seed: string) => {
    const items = drawQuestions(demoBank, quiz([{ count: demoBank.questions.length }]), seed);
    return questionsOf(demoBank, items).map((q, i) => ({
      q,
      json: JSON.stringify(publicQuestion(q, items[i].optionOrder)),
    }));
  };

  test('covers every question type of the demo bank', () => {
    const types = new Set(demoBank.questions.flatMap((q) => [q.type, ...partsOf(q).map((p) => p.type)]));

    assert.deepEqual([...types].sort(), ['case-group', 'multiple', 'ordering', 'single', 'true-false']);
  });

  test('serialises only the id, type, prompt, points, options, scenario and sub-questions', () => {
    for (const { json } of drawn('khoa')) {
      const extra = keysOf(JSON.parse(json)).filter((key) => !ALLOWED_KEYS.has(key));

      assert.deepEqual(extra, [], json);
    }
  });

  test('leaks no explanation, no legal reference and no true-false value', () => {
    for (const { q, json } of drawn('khoa')) {
      for (const p of [q, ...partsOf(q)]) {
        if (p.explanation)
          assert.ok(!json.includes(JSON.stringify(p.explanation).slice(1, -1)), `explanation of ${p.id} leaked`);
        if (p.legalReference?.number)
          assert.ok(!json.includes(p.legalReference.number), `legal reference of ${p.id} leaked`);
      }
      assert.doesNotMatch(json, /:(true|false)[,}]/, `${q.id} carries a boolean`);
      assert.doesNotMatch(json, /correct|explanation|legalReference|tags|difficulty/, q.id);
    }
  });

  test('shows choice options in the drawn order, so the bank order reveals nothing', () => {
    const q = demoBank.questions.find((x) => x.type === 'single');
    assert.ok(q && q.type === 'single');

    const shown = publicQuestion(q, { [q.id]: ['d', 'c', 'b', 'a'] });

    assert.deepEqual(shown.type === 'single' && shown.options.map((o) => o.id), ['d', 'c', 'b', 'a']);
  });

  test('falls back to the bank order when the stored order does not match the options', () => {
    const q = smallBank.questions[0];

    const shown = publicQuestion(q, { [q.id]: ['x', 'khac'] });

    assert.deepEqual(shown.type === 'single' && shown.options.map((o) => o.id), ['x', 'y', 'z']);
  });

  test('gives a case group the scenario, the summed points and public sub-questions', () => {
    const group = demoBank.questions.find((x) => x.type === 'case-group');
    assert.ok(group && group.type === 'case-group');

    const shown = publicQuestion(group);

    assert.equal(shown.type, 'case-group');
    assert.ok(
      shown.type === 'case-group' &&
        shown.scenario === group.scenario &&
        shown.points === 4 &&
        shown.questions.length === 3,
    );
  });
});
