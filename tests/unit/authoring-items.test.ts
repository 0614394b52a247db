import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import yaml from 'js-yaml';
import { QuizSchema } from '../../src/schemas/quiz.ts';
import { QuestionBankSchema, QuestionSchema } from '../../src/schemas/question-bank.ts';
import { CaseStudySchema } from '../../src/schemas/case-study.ts';
import {
  applyCaseStudyCommand,
  caseOutline,
  caseStudyData,
  caseStudyInputOf,
  caseStudyProblems,
  readCaseStudyForm,
  unreachableDecisions,
  type CaseStudyInput,
} from '../../src/lib/authoring-forms/case-study-form.ts';
import { checkVtt } from '../../src/lib/authoring/vtt.ts';
import {
  bankWithQuestion,
  emptyQuestionInput,
  newQuestionId,
  questionData,
  questionInputOf,
  type QuestionInput,
} from '../../src/lib/authoring-forms/question-form.ts';
import {
  checkQuiz,
  emptyQuizInput,
  quizData,
  quizInputOf,
  quizzesBrokenBy,
} from '../../src/lib/authoring-forms/quiz-form.ts';
import { drawShortfalls } from '../../src/lib/assessment/draw.ts';
import { imageKind, videoKind } from '../../src/lib/server/authoring/video-form.ts';
import { slugOf, uniqueId } from '../../src/lib/authoring-forms/item-form.ts';
import type { Question } from '../../src/schemas/question-bank.ts';

/** A valid two-level case study as the form would hold it: tiep-nhan → (a) xac-minh, (b) end. */
function twoLevelCase(): CaseStudyInput {
  const option = (id: string, next = '') => ({
    id,
    label: `Lựa chọn ${id} của cán bộ`,
    consequence: `Hệ quả của lựa chọn ${id} đối với công dân.`,
    outcome: 'tot',
    next,
  });
  return {
    title: 'Công dân khiếu nại về đất đai',
    summary: 'Một công dân đến trụ sở khiếu nại quyết định thu hồi đất.',
    role: 'Bạn là công chức tiếp công dân của UBND xã.',
    context: 'Sáng thứ Hai, một công dân mang theo hồ sơ đến trụ sở UBND xã để khiếu nại.',
    commentary: 'Tiếp nhận đúng quy trình và xác minh trước khi trả lời là cách làm đúng.',
    start: 'tiep-nhan',
    decisions: [
      {
        id: 'tiep-nhan',
        was: 'tiep-nhan',
        prompt: 'Bạn tiếp nhận đơn thế nào?',
        options: [option('a', 'xac-minh'), option('b')],
      },
      { id: 'xac-minh', was: 'xac-minh', prompt: 'Bạn xác minh nội dung ra sao?', options: [option('a'), option('b')] },
    ],
    legalBasis: [
      {
        type: 'Luật',
        number: '02/2011/QH13',
        year: '2011',
        title: 'Luật Khiếu nại',
        article: 'Điều 27',
        url: '',
        checked: '2026-12-07',
      },
    ],
  };
}

describe('case study form', () => {
  test('a two-level case study turns into data that passes CaseStudySchema', () => {
    const data = caseStudyData(twoLevelCase());

    const parsed = CaseStudySchema.safeParse(data);

    assert.equal(parsed.success, true);
    assert.deepEqual(caseStudyProblems(twoLevelCase()), []);
  });

  test('a loop is refused with a message naming the decision and the option', () => {
    const input = twoLevelCase();
    input.decisions[1].options[0].next = 'tiep-nhan';

    const problems = caseStudyProblems(input);

    assert.ok(
      problems.some((problem) => /"a" của quyết định "xac-minh".*vòng lặp/.test(problem.message)),
      JSON.stringify(problems),
    );
  });

  test('an unreachable decision is refused, named', () => {
    const input = twoLevelCase();
    input.decisions[0].options[0].next = '';

    const problems = caseStudyProblems(input);

    assert.ok(
      problems.some((problem) => problem.field === 'd1-id' && /"xac-minh" không thể tới được/.test(problem.message)),
      JSON.stringify(problems),
    );
    assert.deepEqual(unreachableDecisions(input), ['xac-minh']);
  });

  test('a dangling next is refused next to that option, naming it', () => {
    const input = twoLevelCase();
    input.decisions[0].options[1].next = 'buoc-9';

    const problems = caseStudyProblems(input);

    assert.ok(
      problems.some(
        (problem) =>
          problem.field === 'd0-o1-next' && /"b" dẫn tới quyết định "buoc-9" không tồn tại/.test(problem.message),
      ),
      JSON.stringify(problems),
    );
  });

  test('the outline follows options to the next decision and marks a loop', () => {
    const input = twoLevelCase();
    input.decisions[1].options[1].next = 'tiep-nhan';

    const outline = caseOutline(input);

    const next = outline?.options[0].then;
    assert.ok(next && 'decisionId' in next && next.decisionId === 'xac-minh');
    assert.deepEqual(next.options[1].then, { end: 'vong-lap', target: 'tiep-nhan' });
    assert.deepEqual(outline?.options[1].then, { end: 'ket-thuc' });
  });

  test('the add-decision button adds an empty decision with a fresh id', () => {
    const form = new FormData();
    form.set('so-quyet-dinh', '1');
    form.set('d0-id', 'buoc-1');
    form.set('d0-so-lua-chon', '2');
    form.set('them-quyet-dinh', '1');

    const { input, command } = readCaseStudyForm(form);
    const after = applyCaseStudyCommand(input, command);

    assert.equal(command.kind, 'add-decision');
    assert.deepEqual(
      after.decisions.map((decision) => decision.id),
      ['buoc-1', 'buoc-2'],
    );
    assert.equal(after.decisions[1].options.length, 2);
  });

  test('renaming a decision makes the options and start that led to it follow', () => {
    const form = new FormData();
    form.set('so-quyet-dinh', '2');
    form.set('start', 'buoc-1');
    form.set('d0-id', 'buoc-1');
    form.set('d0-was', 'buoc-1');
    form.set('d0-so-lua-chon', '1');
    form.set('d0-o0-next', 'buoc-2');
    form.set('d1-id', 'xac-minh');
    form.set('d1-was', 'buoc-2');
    form.set('d1-so-lua-chon', '1');

    const { input } = readCaseStudyForm(form);

    assert.equal(input.decisions[0].options[0].next, 'xac-minh');
  });
});

describe('checkVtt', () => {
  test('accepts a header and one valid cue', () => {
    assert.deepEqual(checkVtt('WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nXin chào.\n'), { ok: true, cues: 1 });
  });

  test('refuses a file without the WEBVTT header, on line 1', () => {
    const check = checkVtt('1\n00:00:01,000 --> 00:00:04,000\nXin chào.\n');

    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.line, 1);
  });

  test('names the line of a malformed timing', () => {
    const check = checkVtt(
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nMột.\n\n2\n00:00:05,000 --> 00:00:07,000\nHai.\n',
    );

    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.message : '', /^Dòng 8 có mốc thời gian sai/);
  });

  test('refuses captions with no cue at all', () => {
    const check = checkVtt('WEBVTT\n\nNOTE chỉ có ghi chú\n');

    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.message : '', /chưa có câu thoại nào/);
  });

  test('refuses a cue that ends before it starts', () => {
    const check = checkVtt('WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nNgược.\n');

    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.line, 3);
  });
});

describe('uploaded media kinds', () => {
  test('recognises MP4 and WebM by their first bytes, not their names', () => {
    const mp4 = new Uint8Array([0, 0, 0, 0x20, ...new TextEncoder().encode('ftypisom')]);
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]);

    assert.equal(videoKind(mp4)?.ext, 'mp4');
    assert.equal(videoKind(webm)?.ext, 'webm');
    assert.equal(videoKind(new TextEncoder().encode('<html>not a video</html>')), undefined);
    assert.equal(imageKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'jpg');
  });
});

describe('question ids', () => {
  test('a new question id is a slug of the prompt’s first words', () => {
    assert.equal(
      newQuestionId('Thời hạn thụ lý đơn khiếu nại lần đầu là bao nhiêu ngày?', { questions: [] }),
      'thoi-han-thu-ly-don-khieu',
    );
  });

  test('a new question id never reuses one in the bank, nor "moi"', () => {
    const bank = { questions: [{ id: 'thoi-han-thu-ly-don-khieu' }, { id: 'thoi-han-thu-ly-don-khieu-2' }] };

    assert.equal(newQuestionId('Thời hạn thụ lý đơn khiếu nại lần hai?', bank), 'thoi-han-thu-ly-don-khieu-3');
    assert.equal(newQuestionId('Mới', { questions: [] }), 'moi-2');
  });

  test('slugs fold Vietnamese letters, including đ', () => {
    assert.equal(slugOf('Đơn đề nghị đất đai'), 'don-de-nghi-dat-dai');
    assert.equal(uniqueId('', new Set(), 'muc'), 'muc');
  });
});

function question(id: string, tags: string[], difficulty: 'de' | 'trung-binh' | 'kho'): Question {
  return { id, type: 'true-false', prompt: `Câu hỏi ${id} đủ dài.`, correct: true, tags, difficulty, points: 1 };
}

describe('question form', () => {
  test('an ordering question stores its options in the positions given', () => {
    const input: QuestionInput = {
      ...emptyQuestionInput(),
      type: 'ordering',
      prompt: 'Sắp xếp các bước tiếp công dân theo đúng thứ tự.',
      options: [
        { id: '', text: 'Ghi sổ', correct: false, position: '3' },
        { id: '', text: 'Đón tiếp', correct: false, position: '1' },
        { id: '', text: 'Nghe trình bày', correct: false, position: '2' },
      ],
    };

    const result = bankWithQuestion({ title: 'Ngân hàng thử', questions: [] }, 'sap-xep', input);

    assert.equal(result.ok, true);
    const saved = result.ok ? (result.data.questions as { correct: string[] }[])[0] : undefined;
    assert.deepEqual(saved?.correct, ['don-tiep', 'nghe-trinh-bay', 'ghi-so']);
  });

  test('a single-choice question without a key is refused at the key', () => {
    const input: QuestionInput = {
      ...emptyQuestionInput(),
      prompt: 'Ai ký quyết định giải quyết khiếu nại lần đầu?',
      options: [
        { id: '', text: 'Chủ tịch UBND xã', correct: false, position: '' },
        { id: '', text: 'Công chức tư pháp', correct: false, position: '' },
      ],
    };

    const result = bankWithQuestion({ title: 'Ngân hàng thử', questions: [] }, 'ai-ky', input);

    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems.some((problem) => problem.field === 'dap-an'), JSON.stringify(result));
  });
});

describe('quiz draw feasibility', () => {
  const bank = {
    questions: [
      question('q1', ['khieu-nai'], 'de'),
      question('q2', ['khieu-nai'], 'kho'),
      question('q3', ['to-cao'], 'de'),
    ],
  };

  test('a draw the bank can satisfy has no shortfall', () => {
    assert.deepEqual(drawShortfalls({ bank: 'b', draw: [{ tags: ['khieu-nai'], count: 2 }, { count: 1 }] }, bank), []);
  });

  test('a later rule counts only what earlier rules cannot have taken', () => {
    const shortfalls = drawShortfalls({ bank: 'b', draw: [{ count: 2 }, { difficulty: 'de', count: 2 }] }, bank);

    assert.deepEqual(
      shortfalls.map((shortfall) => shortfall.rule),
      [1],
    );
    assert.match(shortfalls[0].message, /chỉ chắc chắn có 0 câu/);
  });

  test('the quiz form refuses a draw the bank cannot satisfy, next to that rule', () => {
    const input = {
      ...emptyQuizInput('b'),
      title: 'Kiểm tra cuối khóa',
      draw: [{ tags: 'to-cao', difficulty: '', count: '2' }],
    };

    const result = checkQuiz('kiem-tra', input, {
      banks: new Map([['b', { title: 'B', ...bank }]]),
      quizzes: new Map(),
    });

    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems[0].field === 'r0-count', JSON.stringify(result));
  });

  test('the quiz form refuses a second final test, naming the first', () => {
    const input = {
      ...emptyQuizInput('b'),
      title: 'Kiểm tra thứ hai',
      final: true,
      draw: [{ tags: '', difficulty: '', count: '1' }],
    };
    const first = {
      title: 'Kiểm tra cuối khóa',
      bank: 'b',
      draw: [{ count: 1 }],
      shuffleQuestions: true,
      shuffleOptions: true,
      passPercent: 70,
      feedback: 'sau-han' as const,
      final: true,
    };

    const result = checkQuiz('thu-hai', input, {
      banks: new Map([['b', { title: 'B', ...bank }]]),
      quizzes: new Map([['cuoi-khoa', first]]),
    });

    assert.ok(
      !result.ok &&
        result.problems.some((problem) => problem.field === 'final' && problem.message.includes('Kiểm tra cuối khóa')),
      JSON.stringify(result),
    );
  });

  test('a bank change that starves a quiz names that quiz', () => {
    const quiz = {
      title: 'Kiểm tra khiếu nại',
      bank: 'b',
      draw: [{ tags: ['khieu-nai'], count: 2 }],
      shuffleQuestions: true,
      shuffleOptions: true,
      passPercent: 70,
      feedback: 'sau-han' as const,
      final: false,
    };

    const broken = quizzesBrokenBy(
      'b',
      { questions: bank.questions.filter((item) => item.id !== 'q2') },
      new Map([['kt', quiz]]),
    );

    assert.deepEqual(
      broken.map((item) => item.title),
      ['Kiểm tra khiếu nại'],
    );
  });
});

describe('editing what is already written', () => {
  const contentDir = new URL('../../content/courses/', import.meta.url);
  const filesIn = (folder: string) =>
    readdirSync(contentDir).flatMap((course) => {
      const dir = new URL(`${course}/${folder}/`, contentDir);
      return existsSync(dir)
        ? readdirSync(dir).map((name) => ({
            name: `${course}/${folder}/${name}`,
            data: yaml.load(readFileSync(new URL(name, dir), 'utf8')),
          }))
        : [];
    });

  test('every live case study comes back unchanged through the editor’s form', () => {
    const studies = filesIn('case-studies');

    assert.ok(studies.length > 0);
    // Compared as the schema reads them: YAML reads an unquoted checked date as a Date, the form keeps its text.
    for (const study of studies)
      assert.deepEqual(
        CaseStudySchema.parse(caseStudyData(caseStudyInputOf(study.data))),
        CaseStudySchema.parse(study.data),
        study.name,
      );
  });

  test('every live quiz comes back unchanged through the editor’s form, defaults aside', () => {
    for (const quiz of filesIn('quizzes')) {
      const parsed = QuizSchema.parse(quiz.data);
      assert.deepEqual(QuizSchema.parse(quizData(quizInputOf(quiz.data))), parsed, quiz.name);
    }
  });

  test('every live answerable question comes back unchanged through the editor’s form', () => {
    for (const bank of filesIn('question-banks')) {
      for (const question of QuestionBankSchema.parse(bank.data).questions) {
        const input = questionInputOf(question);
        if (!input) continue;
        assert.deepEqual(
          QuestionSchema.parse(questionData(question.id, input)),
          question,
          `${bank.name} ${question.id}`,
        );
      }
    }
  });
});
