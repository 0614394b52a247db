/**
 * The question bank editor's forms: a question as typed (options in rows, the key as a choice per
 * row or a position per row for ordering), its id made once from the prompt's first words, and the
 * bank validated whole with QuestionBankSchema. Pure.
 */
import { ANSWERABLE_TYPES, QuestionBankSchema, type Question, type QuestionBank } from '../../schemas/question-bank.ts';
import {
  EMPTY_LEGAL_ROW,
  compact,
  isEmptyLegalRow,
  legalData,
  legalRowOf,
  pressed,
  problemsFromIssues,
  readLegalRow,
  rowCount,
  slugOf,
  tagsOf,
  text,
  uniqueId,
  type FieldProblem,
  type LegalRowInput,
} from './item-form.ts';

export const MAX_QUESTION_OPTIONS = 10;
export type EditableQuestionType = (typeof ANSWERABLE_TYPES)[number];

/** One option row: its id (kept once made), text, whether it is correct, its position (ordering). */
export interface QuestionOptionInput {
  id: string;
  text: string;
  correct: boolean;
  position: string;
}

/** The question form as typed. */
export interface QuestionInput {
  type: EditableQuestionType;
  prompt: string;
  options: QuestionOptionInput[];
  trueFalse: '' | 'true' | 'false';
  tags: string;
  difficulty: string;
  points: string;
  explanation: string;
  legalReference: LegalRowInput;
}

export type QuestionCommand =
  { kind: 'save' } | { kind: 'add-option' } | { kind: 'remove-option'; option: number } | { kind: 'change-type' };
export const QUESTION_BUTTONS = ['them-phuong-an', 'xoa-phuong-an', 'doi-loai'] as const;

/** An empty question form. */
export function emptyQuestionInput(): QuestionInput {
  return {
    type: 'single',
    prompt: '',
    options: [0, 1, 2, 3].map(() => ({ id: '', text: '', correct: false, position: '' })),
    trueFalse: '',
    tags: '',
    difficulty: 'trung-binh',
    points: '1',
    explanation: '',
    legalReference: { ...EMPTY_LEGAL_ROW },
  };
}

/** The form input of a stored (answerable) question. */
export function questionInputOf(question: Question): QuestionInput | undefined {
  if (question.type === 'case-group') return undefined;
  const options =
    question.type === 'true-false'
      ? []
      : question.options.map((option) => ({
          id: option.id,
          text: option.text,
          correct: question.type !== 'ordering' && question.correct.includes(option.id),
          position: question.type === 'ordering' ? String(question.correct.indexOf(option.id) + 1) : '',
        }));
  return {
    type: question.type,
    prompt: question.prompt,
    options: options.length ? options : emptyQuestionInput().options,
    trueFalse: question.type === 'true-false' ? (question.correct ? 'true' : 'false') : '',
    tags: question.tags.join(', '),
    difficulty: question.difficulty,
    points: String(question.points),
    explanation: question.explanation ?? '',
    legalReference: question.legalReference ? legalRowOf(question.legalReference) : { ...EMPTY_LEGAL_ROW },
  };
}

/** Reads the posted question form and the button pressed. */
export function readQuestionForm(form: FormData): { input: QuestionInput; command: QuestionCommand } {
  const rawType = text(form, 'type');
  const type = ((ANSWERABLE_TYPES as readonly string[]).includes(rawType) ? rawType : 'single') as EditableQuestionType;
  const count = rowCount(form, 'so-phuong-an', 0, MAX_QUESTION_OPTIONS);
  const single = text(form, 'dung');
  const options = Array.from({ length: count }, (_, o) => ({
    id: text(form, `o${o}-id`).trim(),
    text: text(form, `o${o}-text`).trim(),
    correct: type === 'single' ? single === String(o) : form.has(`o${o}-dung`),
    position: text(form, `o${o}-vi-tri`).trim(),
  }));
  const trueFalse = text(form, 'dung-sai');
  const input: QuestionInput = {
    type,
    prompt: text(form, 'prompt').trim(),
    options,
    trueFalse: trueFalse === 'true' || trueFalse === 'false' ? trueFalse : '',
    tags: text(form, 'tags'),
    difficulty: text(form, 'difficulty'),
    points: text(form, 'points').trim(),
    explanation: text(form, 'explanation').trim(),
    legalReference: readLegalRow(form, 'lr-'),
  };
  const button = pressed(form, QUESTION_BUTTONS);
  const command: QuestionCommand = !button
    ? { kind: 'save' }
    : button.name === 'them-phuong-an'
      ? { kind: 'add-option' }
      : button.name === 'xoa-phuong-an'
        ? { kind: 'remove-option', option: Number.parseInt(button.value, 10) }
        : { kind: 'change-type' };
  return { input, command };
}

/** Applies an add/remove/change-type button (a new copy). */
export function applyQuestionCommand(input: QuestionInput, command: QuestionCommand): QuestionInput {
  const next = structuredClone(input);
  if (command.kind === 'add-option' && next.options.length < MAX_QUESTION_OPTIONS)
    next.options.push({ id: '', text: '', correct: false, position: '' });
  if (command.kind === 'remove-option' && next.options.length > 2) next.options.splice(command.option, 1);
  if (next.type !== 'true-false' && next.options.length < 2)
    while (next.options.length < 2) next.options.push({ id: '', text: '', correct: false, position: '' });
  return next;
}

/** The id of a new question: a slug of the prompt's first words, unique in the bank. Never changed later. */
export function newQuestionId(
  prompt: string,
  bank:
    Pick<QuestionBank, 'questions'> | { questions: readonly { id: string; questions?: readonly { id: string }[] }[] },
): string {
  // "moi" in the editor's URL means a new question.
  const taken = new Set<string>(['moi']);
  for (const question of bank.questions) {
    taken.add(question.id);
    for (const part of 'questions' in question && Array.isArray(question.questions) ? question.questions : [])
      taken.add(part.id);
  }
  return uniqueId(slugOf(prompt, 6, 40), taken, 'cau-hoi');
}

/** Ids for options that have none yet: letters for choices, slugs of the text for ordering (so ids never give the order away). */
function optionIds(input: QuestionInput): string[] {
  const taken = new Set(input.options.map((option) => option.id).filter(Boolean));
  return input.options.map((option, index) => {
    if (option.id) return option.id;
    const base =
      input.type === 'ordering'
        ? slugOf(option.text, 3, 24)
        : ([...'abcdefghijklmnopqrstuvwxyz'].find((letter) => !taken.has(letter)) ?? `p${index + 1}`);
    const id = uniqueId(base, taken, `p${index + 1}`);
    taken.add(id);
    return id;
  });
}

/** The question's YAML data with the given id, fields in the order of content/README.md. */
export function questionData(id: string, input: QuestionInput): Record<string, unknown> {
  const points = input.points === '' ? undefined : Number(input.points.replace(',', '.'));
  const common = {
    id,
    type: input.type,
    tags: tagsOf(input.tags),
    difficulty: input.difficulty || undefined,
    prompt: input.prompt,
  };
  const tail = compact({
    points: points === undefined ? undefined : Number.isFinite(points) ? points : Number.NaN,
    explanation: input.explanation || undefined,
    legalReference: isEmptyLegalRow(input.legalReference) ? undefined : legalData(input.legalReference),
  });
  if (input.type === 'true-false') {
    return { ...common, correct: input.trueFalse === '' ? undefined : input.trueFalse === 'true', ...tail };
  }
  const rows = input.options.filter((option) => option.text !== '' || option.id !== '');
  const ids = optionIds({ ...input, options: rows });
  const options = rows.map((option, index) => ({ id: ids[index], text: option.text }));
  const correct =
    input.type === 'ordering'
      ? rows
          .map((option, index) => ({ id: ids[index], position: Number.parseInt(option.position, 10) }))
          .sort(
            (a, b) =>
              (Number.isFinite(a.position) ? a.position : 1e9) - (Number.isFinite(b.position) ? b.position : 1e9),
          )
          .map((item) => item.id)
      : rows.flatMap((option, index) => (option.correct ? [ids[index]] : []));
  return { ...common, options, correct, ...tail };
}

/** Problems of the ordering positions the schema cannot see (it only gets the resulting order). */
function positionProblems(input: QuestionInput): FieldProblem[] {
  if (input.type !== 'ordering') return [];
  const rows = input.options.filter((option) => option.text !== '' || option.id !== '');
  const positions = rows.map((option) => Number.parseInt(option.position, 10));
  const expected = rows.map((_, index) => index + 1);
  const sorted = [...positions].sort((a, b) => a - b);
  if (sorted.every((value, index) => value === expected[index])) return [];
  return [
    {
      field: 'o0-vi-tri',
      message: `Hãy ghi vị trí đúng cho mọi phương án, mỗi số từ 1 đến ${rows.length} dùng đúng một lần.`,
    },
  ];
}

/** The form field of an issue path inside the bank ("questions.3.options.1.text" → "o1-text"). */
function questionFieldOf(path: readonly PropertyKey[]): string {
  const [, , field, index, sub] = path;
  if (field === 'options' && typeof index === 'number') return `o${index}-${sub === 'id' ? 'text' : 'text'}`;
  if (field === 'options') return 'o0-text';
  if (field === 'correct') return 'dap-an';
  if (field === 'legalReference') return `lr-${typeof index === 'string' ? index : 'title'}`;
  if (field === 'tags') return 'tags';
  return typeof field === 'string' ? field : 'prompt';
}

/**
 * The bank with the question set (replacing the one with the same id, or appended), or the
 * problems of that question by form field.
 */
export function bankWithQuestion(
  bank: { title: string; questions: unknown[] },
  id: string,
  input: QuestionInput,
): { ok: true; bank: QuestionBank; data: Record<string, unknown> } | { ok: false; problems: FieldProblem[] } {
  const data = questionData(id, input);
  const questions = [...bank.questions];
  const at = questions.findIndex((question) => (question as { id?: unknown })?.id === id);
  const index = at === -1 ? questions.length : at;
  questions[index] = data;
  const problems = positionProblems(input);
  const parsed = QuestionBankSchema.safeParse({ title: bank.title, questions });
  if (!parsed.success) {
    const own = parsed.error.issues.filter((issue) => issue.path[0] === 'questions' && issue.path[1] === index);
    const others = parsed.error.issues.filter((issue) => !own.includes(issue));
    problems.push(...problemsFromIssues(own, questionFieldOf));
    // Another question of the bank is broken (e.g. edited by hand): say so rather than save over it.
    for (const issue of others.slice(0, 3))
      problems.push({
        field: 'prompt',
        message: `Ngân hàng có lỗi ở câu khác (${issue.path.join('.')}): ${issue.message}`,
      });
  }
  if (problems.length || !parsed.success) return { ok: false, problems };
  return { ok: true, bank: parsed.data, data: { title: bank.title, questions } };
}

/** A short excerpt of a prompt for lists. */
export function promptExcerpt(prompt: string, length = 90): string {
  return prompt.length <= length ? prompt : `${prompt.slice(0, length).replace(/\s+\S*$/, '')}…`;
}
