import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuestionBankSchema } from '../../src/schemas/question-bank.ts';
import { QuizSchema } from '../../src/schemas/quiz.ts';
import { zodProblems } from '../../src/integrations/content-check/problems.ts';
import { checkContent } from '../../src/integrations/content-check/check-content.ts';
import { validContentTree } from '../fixtures/content-tree.ts';

type Raw = Record<string, any>;

/** A valid bank with one question of each type; each test breaks one thing. */
function validBank(): { title: string; questions: Raw[] } {
  return {
    title: 'Ngân hàng thử nghiệm',
    questions: [
      {
        id: 'mot',
        type: 'single',
        tags: ['a'],
        difficulty: 'de',
        prompt: 'Câu một lựa chọn thử nghiệm?',
        options: [
          { id: 'a', text: 'Có' },
          { id: 'b', text: 'Không' },
        ],
        correct: ['a'],
      },
      {
        id: 'nhieu',
        type: 'multiple',
        tags: ['a'],
        difficulty: 'kho',
        prompt: 'Câu nhiều lựa chọn thử nghiệm?',
        options: [
          { id: 'a', text: 'Một' },
          { id: 'b', text: 'Hai' },
          { id: 'c', text: 'Ba' },
        ],
        correct: ['a', 'c'],
      },
      { id: 'dung-sai', type: 'true-false', difficulty: 'de', prompt: 'Mệnh đề thử nghiệm là đúng.', correct: true },
      {
        id: 'thu-tu',
        type: 'ordering',
        difficulty: 'trung-binh',
        prompt: 'Sắp xếp các bước thử nghiệm.',
        options: [
          { id: 'nhan', text: 'Nhận' },
          { id: 'xu-ly', text: 'Xử lý' },
          { id: 'bao', text: 'Báo' },
        ],
        correct: ['nhan', 'xu-ly', 'bao'],
      },
      {
        id: 'nhom',
        type: 'case-group',
        difficulty: 'kho',
        prompt: 'Đọc tình huống rồi trả lời.',
        scenario: 'Một hộ dân gửi đơn nêu hai việc khác nhau cần được tách riêng để xử lý.',
        questions: [
          { id: 'nhom-1', type: 'true-false', prompt: 'Mệnh đề trong nhóm là sai.', correct: false },
          {
            id: 'nhom-2',
            type: 'single',
            prompt: 'Câu chọn một trong nhóm?',
            options: [
              { id: 'a', text: 'A' },
              { id: 'b', text: 'B' },
            ],
            correct: ['b'],
          },
        ],
      },
    ],
  };
}

const messagesOf = (bank: unknown) =>
  zodProblems(QuestionBankSchema, bank, 'nh.yaml').map((p) => `${p.field}: ${p.message}`);

describe('QuestionBankSchema', () => {
  test('accepts a bank with every question type', () => {
    assert.deepEqual(messagesOf(validBank()), []);
  });

  test('gives each question one point unless points are stated', () => {
    const bank = QuestionBankSchema.parse(validBank());

    assert.equal(bank.questions[0].type !== 'case-group' && bank.questions[0].points, 1);
  });

  test('reports a single-choice key naming an option that does not exist', () => {
    const bank = validBank();
    bank.questions[0].correct = ['z'];

    assert.deepEqual(messagesOf(bank), [
      'questions.0.correct: Đáp án "z" không khớp phương án nào của câu "mot". Dùng một trong: a, b.',
    ]);
  });

  test('reports a single-choice question with two correct options', () => {
    const bank = validBank();
    bank.questions[0].correct = ['a', 'b'];

    assert.match(
      messagesOf(bank).join('\n'),
      /^questions\.0\.correct: Câu một lựa chọn "mot" phải có đúng một đáp án.*type: multiple/,
    );
  });

  test('reports a multiple-choice question without any correct option', () => {
    const bank = validBank();
    bank.questions[1].correct = [];

    assert.match(
      messagesOf(bank).join('\n'),
      /questions\.1\.correct: Câu nhiều lựa chọn "nhieu" cần ít nhất một đáp án đúng/,
    );
  });

  test('reports an ordering key that is not a permutation of the options', () => {
    const bank = validBank();
    bank.questions[3].correct = ['nhan', 'xu-ly'];

    assert.match(
      messagesOf(bank).join('\n'),
      /questions\.3\.correct: Thứ tự đúng \(correct\) của câu "thu-tu" phải liệt kê mỗi phương án đúng một lần: nhan, xu-ly, bao/,
    );
  });

  test('reports an ordering whose option ids in alphabetical order give the answer away', () => {
    const bank = validBank();
    bank.questions[3].options = [
      { id: 'a', text: 'Nhận' },
      { id: 'b', text: 'Xử lý' },
      { id: 'c', text: 'Báo' },
    ];
    bank.questions[3].correct = ['a', 'b', 'c'];

    assert.match(messagesOf(bank).join('\n'), /trùng với thứ tự chữ cái của mã phương án/);
  });

  test('reports a question id used twice, including inside a case group', () => {
    const bank = validBank();
    bank.questions[4].questions[0].id = 'mot';

    assert.deepEqual(messagesOf(bank), [
      'questions.4.questions.0.id: Mã câu hỏi "mot" bị trùng: mỗi câu hỏi (kể cả câu trong nhóm tình huống) cần một mã riêng.',
    ]);
  });

  test('reports an option id used twice in one question', () => {
    const bank = validBank();
    bank.questions[1].options[2].id = 'a';

    assert.match(
      messagesOf(bank).join('\n'),
      /questions\.1\.options\.2\.id: Mã phương án "a" bị trùng trong câu "nhieu"/,
    );
  });

  test('reports a true-false key that is not a boolean', () => {
    const bank = validBank();
    bank.questions[2].correct = 'đúng';

    assert.match(
      messagesOf(bank).join('\n'),
      /^questions\.2\.correct: .*Đáp án \(correct\) của câu đúng\/sai phải là true \(đúng\) hoặc false \(sai\)\.$/,
    );
  });

  test('reports an unknown question type with the types allowed', () => {
    const bank = validBank();
    bank.questions[0].type = 'essay';

    assert.match(
      messagesOf(bank)[0],
      /^questions\.0\.type: Loại câu hỏi \(type\) phải là "single", "multiple", "true-false", "ordering" hoặc "case-group"/,
    );
  });

  test('refuses a case group nested in a case group', () => {
    const bank = validBank();
    bank.questions[4].questions[0] = { ...bank.questions[4], id: 'long-nhau' };

    assert.match(
      messagesOf(bank).join('\n'),
      /questions\.4\.questions\.0\.type: Loại câu hỏi \(type\) trong nhóm tình huống/,
    );
  });

  test('refuses points on a case group, whose points are the sum of its questions', () => {
    const bank = validBank();
    bank.questions[4].points = 5;

    assert.match(messagesOf(bank).join('\n'), /questions\.4\.points: .*Bỏ trường points của nhóm tình huống/);
  });

  test('reports a difficulty outside de, trung-binh and kho', () => {
    const bank = validBank();
    bank.questions[0].difficulty = 'rat-kho';

    assert.deepEqual(messagesOf(bank), [
      'questions.0.difficulty: Độ khó (difficulty) phải là "de", "trung-binh" hoặc "kho".',
    ]);
  });

  test('checks the legal reference with the shared legal reference schema', () => {
    const bank = validBank();
    bank.questions[0].legalReference = { type: 'Luật', year: 2011, title: 'Luật Khiếu nại', checked: '2026-12-07' };

    assert.match(messagesOf(bank).join('\n'), /questions\.0\.legalReference\.number: Thiếu số, ký hiệu văn bản/);
  });
});

const validQuiz = (): Raw => ({
  title: 'Bài ôn tập thử',
  bank: 'chung',
  draw: [{ count: 2 }],
  passPercent: 70,
  feedback: 'sau-khi-nop',
});
const quizMessages = (quiz: unknown) => zodProblems(QuizSchema, quiz, 'q.yaml').map((p) => `${p.field}: ${p.message}`);

describe('QuizSchema', () => {
  test('accepts a minimal quiz and fills in the defaults', () => {
    const quiz = QuizSchema.parse(validQuiz());

    assert.deepEqual([quiz.shuffleQuestions, quiz.shuffleOptions, quiz.final], [true, true, false]);
  });

  test('reports a pass mark above 100 percent', () => {
    assert.deepEqual(quizMessages({ ...validQuiz(), passPercent: 120 }), [
      'passPercent: Điểm đạt (passPercent) phải từ 0 đến 100, ví dụ 70.',
    ]);
  });

  test('reports a feedback mode outside the three allowed', () => {
    assert.match(
      quizMessages({ ...validQuiz(), feedback: 'ngay' })[0],
      /^feedback: .*"sau-khi-nop", "sau-han" hoặc "khong"/,
    );
  });

  test('reports a draw rule with a count that is not a whole number', () => {
    assert.match(
      quizMessages({ ...validQuiz(), draw: [{ count: 1.5 }] }).join('\n'),
      /^draw\.0\.count: .*Số câu \(count\) phải là một số nguyên lớn hơn 0, ví dụ 5\.$/,
    );
  });
});

const BANK_YAML = `title: Ngân hàng thử nghiệm
questions:
  - { id: c1, type: true-false, tags: [dat-dai], difficulty: de, prompt: Mệnh đề thử nghiệm số một., correct: true }
  - { id: c2, type: true-false, tags: [dat-dai], difficulty: kho, prompt: Mệnh đề thử nghiệm số hai., correct: false }
  - { id: c3, type: true-false, tags: [hoa-giai], difficulty: de, prompt: Mệnh đề thử nghiệm số ba., correct: true }
`;
const quizYaml = (extra: string) =>
  `title: Bài kiểm tra thử\nbank: chung\npassPercent: 70\nfeedback: sau-han\n${extra}`;
const COURSE = 'content/courses/thu-nghiem';

describe('checkContent for question banks and quizzes', () => {
  test('accepts a bank and a quiz whose rules the bank satisfies', () => {
    const root = validContentTree({
      [`${COURSE}/question-banks/chung.yaml`]: BANK_YAML,
      [`${COURSE}/quizzes/cuoi-khoa.yaml`]: quizYaml(
        'draw: [{ tags: [dat-dai], count: 2 }, { count: 1 }]\nfinal: true\n',
      ),
    });

    assert.deepEqual(checkContent(root), []);
  });

  test('names the file and field of a bank error', () => {
    const root = validContentTree({
      [`${COURSE}/question-banks/chung.yaml`]: BANK_YAML.replace('correct: true }', 'correct: [a] }'),
    });

    const [problem] = checkContent(root);

    assert.equal(problem.file, `${COURSE}/question-banks/chung.yaml`);
    assert.equal(problem.field, 'questions.0.correct');
  });

  test('reports a quiz drawing from a bank that does not exist', () => {
    const root = validContentTree({
      [`${COURSE}/question-banks/chung.yaml`]: BANK_YAML,
      [`${COURSE}/quizzes/on-tap.yaml`]: quizYaml('draw: [{ count: 1 }]\n').replace('bank: chung', 'bank: khong-co'),
    });

    assert.deepEqual(checkContent(root), [
      {
        file: `${COURSE}/quizzes/on-tap.yaml`,
        field: 'bank',
        message: `Ngân hàng câu hỏi "khong-co" không có trong ${COURSE}/question-banks/. Có: chung.`,
      },
    ]);
  });

  test('reports a draw rule asking for more matching questions than the bank has', () => {
    const root = validContentTree({
      [`${COURSE}/question-banks/chung.yaml`]: BANK_YAML,
      [`${COURSE}/quizzes/on-tap.yaml`]: quizYaml('draw: [{ tags: [dat-dai], difficulty: de, count: 2 }]\n'),
    });

    const [problem] = checkContent(root);

    assert.equal(problem.field, 'draw.0.count');
    assert.match(problem.message, /Quy tắc rút 2 câu \(nhãn dat-dai, độ khó de\) chỉ chắc chắn có 1 câu/);
  });

  test('reports a later rule that earlier rules may have emptied', () => {
    const root = validContentTree({
      [`${COURSE}/question-banks/chung.yaml`]: BANK_YAML,
      [`${COURSE}/quizzes/on-tap.yaml`]: quizYaml(
        'draw: [{ difficulty: de, count: 1 }, { tags: [dat-dai], count: 2 }]\n',
      ),
    });

    assert.deepEqual(
      checkContent(root).map((p) => p.field),
      ['draw.1.count'],
    );
  });

  test('reports a second final test in the same course', () => {
    const root = validContentTree({
      [`${COURSE}/question-banks/chung.yaml`]: BANK_YAML,
      [`${COURSE}/quizzes/cuoi-khoa.yaml`]: quizYaml('draw: [{ count: 1 }]\nfinal: true\n'),
      [`${COURSE}/quizzes/cuoi-khoa-2.yaml`]: quizYaml('draw: [{ count: 1 }]\nfinal: true\n'),
    });

    const problems = checkContent(root);

    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0].file, problems[0].field], [`${COURSE}/quizzes/cuoi-khoa.yaml`, 'final']);
    assert.match(problems[0].message, /chỉ có một bài kiểm tra cuối khóa, đã có .*cuoi-khoa-2\.yaml: đặt final: false/);
  });
});
