/**
 * The quiz editor's form: every field of QuizSchema, draw rules as rows, and the checks the
 * content check makes across files: the bank exists in the course, each draw rule can always be
 * satisfied by that bank (the same counting as check-content.ts, with matchesRule), and at most
 * one final test per course. Pure.
 */
import { QuestionBankSchema, type QuestionBank } from '../../schemas/question-bank.ts';
import { QuizSchema, type Quiz } from '../../schemas/quiz.ts';
import { drawShortfalls } from '../assessment/draw.ts';
import { parseYamlText } from '../authoring/content-text.ts';
import {
  compact,
  optionalNumber,
  pressed,
  problemsFromIssues,
  rowCount,
  tagsOf,
  text,
  type FieldProblem,
} from './item-form.ts';

export const MAX_DRAW_RULES = 10;

/** One draw rule as typed. */
export interface DrawRuleInput {
  tags: string;
  difficulty: string;
  count: string;
}

/** The quiz form as typed. */
export interface QuizInput {
  title: string;
  bank: string;
  draw: DrawRuleInput[];
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  timeLimitMinutes: string;
  attemptsAllowed: string;
  waitMinutesBetweenAttempts: string;
  passPercent: string;
  feedback: string;
  final: boolean;
}

export type QuizCommand = { kind: 'save' } | { kind: 'add-rule' } | { kind: 'remove-rule'; rule: number };
export const QUIZ_BUTTONS = ['them-quy-tac', 'xoa-quy-tac'] as const;

/** An empty quiz form. */
export function emptyQuizInput(bank = ''): QuizInput {
  return {
    title: '',
    bank,
    draw: [{ tags: '', difficulty: '', count: '5' }],
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimitMinutes: '',
    attemptsAllowed: '',
    waitMinutesBetweenAttempts: '',
    passPercent: '70',
    feedback: 'sau-khi-nop',
    final: false,
  };
}

/** The form input of a stored quiz (its YAML data, possibly incomplete). */
export function quizInputOf(data: unknown): QuizInput {
  const value = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const str = (item: unknown) => (item === undefined || item === null ? '' : String(item));
  const rules = Array.isArray(value.draw) ? value.draw : [];
  return {
    title: str(value.title),
    bank: str(value.bank),
    draw: rules.length
      ? rules.map((rule: Record<string, unknown>) => ({
          tags: Array.isArray(rule?.tags) ? rule.tags.join(', ') : '',
          difficulty: str(rule?.difficulty),
          count: str(rule?.count),
        }))
      : emptyQuizInput().draw,
    shuffleQuestions: value.shuffleQuestions !== false,
    shuffleOptions: value.shuffleOptions !== false,
    timeLimitMinutes: str(value.timeLimitMinutes),
    attemptsAllowed: str(value.attemptsAllowed),
    waitMinutesBetweenAttempts: str(value.waitMinutesBetweenAttempts),
    passPercent: str(value.passPercent),
    feedback: str(value.feedback),
    final: value.final === true,
  };
}

/** Reads the posted quiz form and the button pressed. */
export function readQuizForm(form: FormData): { input: QuizInput; command: QuizCommand } {
  const count = rowCount(form, 'so-quy-tac', 1, MAX_DRAW_RULES);
  const input: QuizInput = {
    title: text(form, 'title').trim(),
    bank: text(form, 'bank'),
    draw: Array.from({ length: count }, (_, r) => ({
      tags: text(form, `r${r}-tags`),
      difficulty: text(form, `r${r}-difficulty`),
      count: text(form, `r${r}-count`).trim(),
    })),
    shuffleQuestions: form.has('shuffleQuestions'),
    shuffleOptions: form.has('shuffleOptions'),
    timeLimitMinutes: text(form, 'timeLimitMinutes').trim(),
    attemptsAllowed: text(form, 'attemptsAllowed').trim(),
    waitMinutesBetweenAttempts: text(form, 'waitMinutesBetweenAttempts').trim(),
    passPercent: text(form, 'passPercent').trim(),
    feedback: text(form, 'feedback'),
    final: form.has('final'),
  };
  const button = pressed(form, QUIZ_BUTTONS);
  const command: QuizCommand = !button
    ? { kind: 'save' }
    : button.name === 'them-quy-tac'
      ? { kind: 'add-rule' }
      : { kind: 'remove-rule', rule: Number.parseInt(button.value, 10) };
  return { input, command };
}

/** Applies an add/remove rule button (a new copy). */
export function applyQuizCommand(input: QuizInput, command: QuizCommand): QuizInput {
  const next = structuredClone(input);
  if (command.kind === 'add-rule' && next.draw.length < MAX_DRAW_RULES)
    next.draw.push({ tags: '', difficulty: '', count: '1' });
  if (command.kind === 'remove-rule' && next.draw.length > 1) next.draw.splice(command.rule, 1);
  return next;
}

function numberField(raw: string): number | undefined {
  const form = new FormData();
  form.set('v', raw);
  return optionalNumber(form, 'v');
}

/** The quiz's YAML data, fields in the order of content/README.md. */
export function quizData(input: QuizInput): Record<string, unknown> {
  return compact({
    title: input.title,
    bank: input.bank,
    draw: input.draw.map((rule) => {
      const tags = tagsOf(rule.tags);
      return compact({
        tags: tags.length ? tags : undefined,
        difficulty: rule.difficulty || undefined,
        count: numberField(rule.count),
      });
    }),
    shuffleQuestions: input.shuffleQuestions,
    shuffleOptions: input.shuffleOptions,
    timeLimitMinutes: numberField(input.timeLimitMinutes),
    attemptsAllowed: numberField(input.attemptsAllowed),
    waitMinutesBetweenAttempts: numberField(input.waitMinutesBetweenAttempts),
    passPercent: numberField(input.passPercent),
    feedback: input.feedback || undefined,
    final: input.final,
  });
}

/** The banks and quizzes of a course in a draft's files, parsed (undefined where a file does not pass its schema). */
export function courseAssessment(
  files: Record<string, string>,
  courseId: string,
): { banks: Map<string, QuestionBank | undefined>; quizzes: Map<string, Quiz | undefined> } {
  const banks = new Map<string, QuestionBank | undefined>();
  const quizzes = new Map<string, Quiz | undefined>();
  const prefix = `courses/${courseId}/`;
  for (const [key, source] of Object.entries(files)) {
    const match = key.startsWith(prefix)
      ? /^(question-banks|quizzes)\/([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(key.slice(prefix.length))
      : null;
    if (!match) continue;
    const data = parseYamlText(source);
    if (match[1] === 'question-banks') {
      const parsed = QuestionBankSchema.safeParse(data);
      banks.set(match[2], parsed.success ? parsed.data : undefined);
    } else {
      const parsed = QuizSchema.safeParse(data);
      quizzes.set(match[2], parsed.success ? parsed.data : undefined);
    }
  }
  return { banks, quizzes };
}

const QUIZ_FIELD: Record<string, string> = {
  title: 'title',
  bank: 'bank',
  passPercent: 'passPercent',
  feedback: 'feedback',
  timeLimitMinutes: 'timeLimitMinutes',
  attemptsAllowed: 'attemptsAllowed',
  waitMinutesBetweenAttempts: 'waitMinutesBetweenAttempts',
  final: 'final',
};

/** Every problem of the quiz `id` as typed, with the course's banks and other quizzes; the data when there is none. */
export function checkQuiz(
  id: string,
  input: QuizInput,
  assessment: ReturnType<typeof courseAssessment>,
): { ok: true; data: Record<string, unknown> } | { ok: false; problems: FieldProblem[] } {
  const data = quizData(input);
  const parsed = QuizSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: problemsFromIssues(parsed.error.issues, (path) =>
        path[0] === 'draw' && typeof path[1] === 'number'
          ? `r${path[1]}-${path[2] === 'tags' || path[2] === 'difficulty' ? path[2] : 'count'}`
          : (QUIZ_FIELD[String(path[0])] ?? 'title'),
      ),
    };
  }
  const problems: FieldProblem[] = [];
  const quiz = parsed.data;
  if (!assessment.banks.has(quiz.bank)) {
    const known = [...assessment.banks.keys()].join(', ') || 'khóa học chưa có ngân hàng nào';
    problems.push({
      field: 'bank',
      message: `Ngân hàng câu hỏi "${quiz.bank}" không có trong khóa học. Có: ${known}.`,
    });
  } else {
    const bank = assessment.banks.get(quiz.bank);
    if (!bank)
      problems.push({
        field: 'bank',
        message: `Ngân hàng câu hỏi "${quiz.bank}" đang có lỗi: hãy sửa ngân hàng trước.`,
      });
    else
      for (const shortfall of drawShortfalls(quiz, bank))
        problems.push({ field: `r${shortfall.rule}-count`, message: shortfall.message });
  }
  if (quiz.final) {
    const other = [...assessment.quizzes].find(([otherId, otherQuiz]) => otherId !== id && otherQuiz?.final);
    if (other)
      problems.push({
        field: 'final',
        message: `Khóa học chỉ có một bài kiểm tra cuối khóa, đã có "${other[1]?.title ?? other[0]}": bỏ chọn "Bài kiểm tra cuối khóa" cho bài này.`,
      });
  }
  return problems.length ? { ok: false, problems } : { ok: true, data };
}

/** Quizzes of the course that `bank` (changed) could no longer satisfy: "Tên bài" for each. */
export function quizzesBrokenBy(
  bankId: string,
  bank: Pick<QuestionBank, 'questions'>,
  quizzes: ReadonlyMap<string, Quiz | undefined>,
): { id: string; title: string; message: string }[] {
  return [...quizzes].flatMap(([id, quiz]) => {
    if (!quiz || quiz.bank !== bankId) return [];
    const shortfall = drawShortfalls(quiz, bank)[0];
    return shortfall ? [{ id, title: quiz.title, message: shortfall.message }] : [];
  });
}
