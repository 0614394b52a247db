import { z } from 'astro/zod';
import { LegalReferenceSchema } from './legal-reference.ts';
import { maxLength, requiredText } from './messages.ts';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const idMessage = (label: string) => ({
  error: `${label} chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "cau-01".`,
});

/** Difficulty levels: dễ, trung bình, khó. */
export const DIFFICULTIES = ['de', 'trung-binh', 'kho'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Question types a learner answers directly (everything but a case group). */
export const ANSWERABLE_TYPES = ['single', 'multiple', 'true-false', 'ordering'] as const;

/** One option of a choice or ordering question. */
export const QuestionOptionSchema = z.strictObject({
  /** Short id, unique within its question; neutral ("a", "b"), never hinting at the answer. */
  id: z.string(requiredText('mã phương án (id)')).regex(ID_PATTERN, idMessage('Mã phương án (id)')),
  /** What the learner reads. */
  text: z
    .string(requiredText('nội dung phương án (text)'))
    .min(1, requiredText('nội dung phương án (text)'))
    .max(1000, maxLength('Nội dung phương án (text)', 1000)),
});

/** Fields every question or case group carries. */
const common = {
  /** Stable id, unique in the bank; attempts refer to it, so never reuse it for another question. */
  id: z.string(requiredText('mã câu hỏi (id)')).regex(ID_PATTERN, idMessage('Mã câu hỏi (id)')),
  /** The question as the learner reads it. */
  prompt: z
    .string(requiredText('câu hỏi (prompt)'))
    .min(10, { error: 'Câu hỏi (prompt) quá ngắn: hãy viết câu hỏi đầy đủ, ít nhất 10 ký tự.' })
    .max(5000, maxLength('Câu hỏi (prompt)', 5000)),
  /** Points for a fully correct answer. */
  points: z
    .number({ error: 'Số điểm (points) phải là một số, ví dụ 1.' })
    .positive({ error: 'Số điểm (points) phải lớn hơn 0, ví dụ 1.' })
    .default(1),
  /** Shown after submission: why the key is right. */
  explanation: z
    .string()
    .min(10, { error: 'Giải thích (explanation) quá ngắn: hãy nêu vì sao đáp án đúng.' })
    .max(5000, maxLength('Giải thích (explanation)', 5000))
    .optional(),
  /** Shown after submission: the legal basis of the answer. */
  legalReference: LegalReferenceSchema.optional(),
};

/** Fields a question drawn on its own carries: tags and difficulty for draw rules. */
const drawable = {
  /** Topics for draw rules, e.g. [khieu-nai, thoi-han]. */
  tags: z.array(z.string().regex(ID_PATTERN, idMessage('Nhãn (tags)'))).default([]),
  /** How hard the question is. */
  difficulty: z.enum(DIFFICULTIES, { error: 'Độ khó (difficulty) phải là "de", "trung-binh" hoặc "kho".' }),
};

const options = z
  .array(QuestionOptionSchema, { error: 'Thiếu danh sách phương án (options).' })
  .min(2, { error: 'Cần ít nhất hai phương án (options).' });
const optionIds = (label: string) =>
  z.array(z.string(), { error: `${label} phải là danh sách mã phương án, ví dụ [a, c].` });

const single = {
  type: z.literal('single'),
  options,
  /** The id of the one correct option, written as a one-item list: [b]. */
  correct: optionIds('Đáp án (correct)'),
};
const multiple = {
  type: z.literal('multiple'),
  options,
  /** The ids of every correct option. */
  correct: optionIds('Đáp án (correct)'),
};
const trueFalse = {
  type: z.literal('true-false'),
  /** Whether the statement in the prompt is true. */
  correct: z.boolean({ error: 'Đáp án (correct) của câu đúng/sai phải là true (đúng) hoặc false (sai).' }),
};
const ordering = {
  type: z.literal('ordering'),
  options,
  /** Every option id, in the correct order. */
  correct: optionIds('Thứ tự đúng (correct)'),
};

const typeMessage = {
  error: 'Loại câu hỏi (type) phải là "single", "multiple", "true-false", "ordering" hoặc "case-group".',
};

/** A question inside a case group: no tags or difficulty of its own. */
export const SubQuestionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...common, ...single }),
    z.strictObject({ ...common, ...multiple }),
    z.strictObject({ ...common, ...trueFalse }),
    z.strictObject({ ...common, ...ordering }),
  ],
  { error: 'Loại câu hỏi (type) trong nhóm tình huống phải là "single", "multiple", "true-false" hoặc "ordering".' },
);

/** A case group (nhóm câu hỏi tình huống): a scenario followed by several questions. */
export const CaseGroupSchema = z.strictObject({
  ...common,
  ...drawable,
  type: z.literal('case-group'),
  /** The situation the questions rely on. */
  scenario: z
    .string(requiredText('tình huống (scenario)'))
    .min(30, { error: 'Tình huống (scenario) quá ngắn: hãy kể đủ để người học trả lời các câu hỏi.' })
    .max(20_000, maxLength('Tình huống (scenario)', 20_000)),
  /** The questions, in the order they are asked. */
  questions: z.array(SubQuestionSchema).min(2, { error: 'Nhóm tình huống cần ít nhất hai câu hỏi (questions).' }),
  /** Unused: a group's points are the sum of its questions' points. */
  points: z
    .undefined({ error: 'Bỏ trường points của nhóm tình huống: điểm của nhóm là tổng điểm các câu hỏi bên trong.' })
    .optional(),
});

/** Any question of a bank. */
export const QuestionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...common, ...drawable, ...single }),
    z.strictObject({ ...common, ...drawable, ...multiple }),
    z.strictObject({ ...common, ...drawable, ...trueFalse }),
    z.strictObject({ ...common, ...drawable, ...ordering }),
    CaseGroupSchema,
  ],
  typeMessage,
);

/**
 * A question bank (ngân hàng câu hỏi): `content/courses/<course>/question-banks/<id>.yaml`.
 * Read only on the server: it holds the keys.
 */
export const QuestionBankSchema = z
  .strictObject({
    /** Name of the bank, for writers and administrators. */
    title: z
      .string(requiredText('tên ngân hàng câu hỏi (title)'))
      .min(5, requiredText('tên ngân hàng câu hỏi (title)'))
      .max(300, maxLength('Tên ngân hàng câu hỏi (title)', 300)),
    /** The questions. */
    questions: z.array(QuestionSchema).min(1, { error: 'Ngân hàng cần ít nhất một câu hỏi (questions).' }),
  })
  .superRefine((bank, ctx) => {
    for (const problem of questionBankProblems(bank.questions)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });

export type QuestionBank = z.infer<typeof QuestionBankSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type SubQuestion = z.infer<typeof SubQuestionSchema>;
export type CaseGroup = z.infer<typeof CaseGroupSchema>;
/** A question the learner answers: a top-level question other than a group, or a group's part. */
export type AnswerableQuestion = SubQuestion | Exclude<Question, CaseGroup>;

interface BankProblem {
  path: (string | number)[];
  message: string;
}

/** Cross-field problems: duplicate ids, keys naming unknown options, wrong number of correct options. */
export function questionBankProblems(questions: readonly Question[]): BankProblem[] {
  const problems: BankProblem[] = [];
  const seen = new Set<string>();
  const checkId = (id: string, path: (string | number)[]) => {
    if (seen.has(id))
      problems.push({
        path,
        message: `Mã câu hỏi "${id}" bị trùng: mỗi câu hỏi (kể cả câu trong nhóm tình huống) cần một mã riêng.`,
      });
    seen.add(id);
  };
  questions.forEach((question, index) => {
    checkId(question.id, ['questions', index, 'id']);
    if (question.type === 'case-group') {
      question.questions.forEach((part, partIndex) => {
        const path = ['questions', index, 'questions', partIndex];
        checkId(part.id, [...path, 'id']);
        problems.push(...keyProblems(part, path));
      });
    } else {
      problems.push(...keyProblems(question, ['questions', index]));
    }
  });
  return problems;
}

function keyProblems(question: AnswerableQuestion, path: (string | number)[]): BankProblem[] {
  if (question.type === 'true-false') return [];
  const problems: BankProblem[] = [];
  const ids = question.options.map((option) => option.id);
  const known = new Set<string>();
  question.options.forEach((option, index) => {
    if (known.has(option.id))
      problems.push({
        path: [...path, 'options', index, 'id'],
        message: `Mã phương án "${option.id}" bị trùng trong câu "${question.id}".`,
      });
    known.add(option.id);
  });
  const correctPath = [...path, 'correct'];
  for (const id of question.correct) {
    if (!known.has(id))
      problems.push({
        path: correctPath,
        message: `Đáp án "${id}" không khớp phương án nào của câu "${question.id}". Dùng một trong: ${ids.join(', ')}.`,
      });
  }
  if (new Set(question.correct).size !== question.correct.length) {
    problems.push({
      path: correctPath,
      message: `Đáp án (correct) của câu "${question.id}" có mã lặp lại: mỗi mã chỉ ghi một lần.`,
    });
  }
  if (question.type === 'single' && question.correct.length !== 1) {
    problems.push({
      path: correctPath,
      message: `Câu một lựa chọn "${question.id}" phải có đúng một đáp án, ví dụ correct: [b]. Nếu có nhiều đáp án đúng, dùng type: multiple.`,
    });
  }
  if (question.type === 'multiple' && question.correct.length === 0) {
    problems.push({
      path: correctPath,
      message: `Câu nhiều lựa chọn "${question.id}" cần ít nhất một đáp án đúng, ví dụ correct: [a, c].`,
    });
  }
  if (
    question.type === 'ordering' &&
    (question.correct.length !== ids.length || ids.some((id) => !question.correct.includes(id)))
  ) {
    problems.push({
      path: correctPath,
      message: `Thứ tự đúng (correct) của câu "${question.id}" phải liệt kê mỗi phương án đúng một lần: ${ids.join(', ')}.`,
    });
  } else if (
    question.type === 'ordering' &&
    ids.length > 2 &&
    question.correct.every((id, index) => index === 0 || question.correct[index - 1] < id)
  ) {
    // The learner sees the option ids: ids sorted in the correct order (a, b, c) give the answer away.
    problems.push({
      path: correctPath,
      message: `Thứ tự đúng của câu "${question.id}" trùng với thứ tự chữ cái của mã phương án, nên người học đoán được đáp án. Hãy đặt mã theo nội dung, ví dụ "ghi-so", "don-tiep".`,
    });
  }
  return problems;
}

/** Points a question is worth: a group's points are the sum of its parts. */
export function maxPointsOf(question: Question | AnswerableQuestion): number {
  return question.type === 'case-group'
    ? question.questions.reduce((sum, part) => sum + part.points, 0)
    : question.points;
}
