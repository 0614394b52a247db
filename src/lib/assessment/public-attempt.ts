/**
 * What the learner's browser sees of an attempt's questions, and the way back from its answers.
 *
 * Ids from the bank can give answers away: question ids are written for authors
 * ("pl-khong-chuyen-nguoi-bi-to-cao" states the key of a true/false question) and option ids
 * reveal where an option stood in the bank. So the learner only ever sees positions: question
 * "c3" is the third drawn question, "c5-2" the second part of the fifth, option "2" the second
 * option as displayed. The stored draw maps positions back to bank ids; nothing else is needed.
 * Pure.
 */
import type { PublicQuestion } from '../../schemas/api/attempts.ts';
import type { AnswerableQuestion, Question } from '../../schemas/question-bank.ts';
import { publicQuestion, type DrawnQuestion } from './draw.ts';

/** One question the learner answers (a case group's part counts on its own), by its public id. */
export interface AnswerSlot {
  /** "c3" or "c5-2". */
  publicId: string;
  /** "Câu 3" or "Câu 5, ý 2": how messages name it. */
  label: string;
  question: AnswerableQuestion;
  /** Bank option ids in display order: public option id "k" is optionIds[k - 1]. Empty for true/false. */
  optionIds: string[];
}

/** A drawn question (a case group with its parts) with its public id and its bank question. */
interface DrawnItem {
  publicId: string;
  number: number;
  question: Question;
  optionOrder: Record<string, string[]>;
}

function drawnItems(questions: readonly Question[], drawn: readonly DrawnQuestion[]): DrawnItem[] {
  const byId = new Map(questions.map((question) => [question.id, question]));
  return drawn.flatMap((item, index) => {
    const question = byId.get(item.questionId);
    return question ? [{ publicId: `c${index + 1}`, number: index + 1, question, optionOrder: item.optionOrder }] : [];
  });
}

/** Option ids of a question in display order: the stored draw, or the bank's order if it no longer fits. */
function displayOrder(question: AnswerableQuestion, optionOrder: Record<string, string[]>): string[] {
  if (question.type === 'true-false') return [];
  const known = question.options.map((option) => option.id);
  const order = (optionOrder[question.id] ?? []).filter((id) => known.includes(id));
  return order.length === known.length ? order : known;
}

/** Every answerable question of an attempt, in display order, with its public id. */
export function answerSlots(questions: readonly Question[], drawn: readonly DrawnQuestion[]): AnswerSlot[] {
  return drawnItems(questions, drawn).flatMap(({ publicId, number, question, optionOrder }) => {
    if (question.type !== 'case-group')
      return [{ publicId, label: `Câu ${number}`, question, optionIds: displayOrder(question, optionOrder) }];
    return question.questions.map((part, index) => ({
      publicId: `${publicId}-${index + 1}`,
      label: `Câu ${number}, ý ${index + 1}`,
      question: part,
      optionIds: displayOrder(part, optionOrder),
    }));
  });
}

/** Public ids "1", "2", … in place of bank option ids, and the public question id. */
function renamed(question: PublicQuestion, publicId: string): PublicQuestion {
  if (question.type === 'true-false') return { ...question, id: publicId };
  if (question.type === 'case-group') {
    return {
      ...question,
      id: publicId,
      questions: question.questions.map((part, index) => renamed(part, `${publicId}-${index + 1}`)),
    };
  }
  return {
    ...question,
    id: publicId,
    options: question.options.map((option, index) => ({ id: String(index + 1), text: option.text })),
  };
}

/**
 * The questions as the learner sees them before grading, in display order: prompt, scenario,
 * options and points under public ids. No key, explanation, legal reference or bank id.
 */
export function publicQuestions(questions: readonly Question[], drawn: readonly DrawnQuestion[]): PublicQuestion[] {
  return drawnItems(questions, drawn).map(({ publicId, question, optionOrder }) =>
    renamed(publicQuestion(question, optionOrder), publicId),
  );
}

/** A public answer turned into the stored form (bank ids, as gradeAttempt reads them), or why not. */
export type StoredAnswer = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Checks one public answer against its question and returns it in bank ids; `null` clears the
 * answer (value null). single: an option id; multiple: a list of distinct option ids (empty
 * clears); true-false: a boolean; ordering: every item id once, in the learner's order.
 */
export function toStoredAnswer(slot: AnswerSlot, value: unknown): StoredAnswer {
  const { question, optionIds, label } = slot;
  if (value === null) return { ok: true, value: null };
  const bankId = (publicId: unknown) =>
    typeof publicId === 'string' && /^[1-9]\d{0,2}$/.test(publicId) ? optionIds[Number(publicId) - 1] : undefined;
  switch (question.type) {
    case 'true-false':
      return typeof value === 'boolean'
        ? { ok: true, value }
        : { ok: false, message: `${label}: hãy chọn Đúng hoặc Sai.` };
    case 'single': {
      const id = bankId(value);
      return id === undefined
        ? { ok: false, message: `${label}: phương án đã chọn không có trong câu hỏi.` }
        : { ok: true, value: id };
    }
    case 'multiple': {
      if (!Array.isArray(value))
        return { ok: false, message: `${label}: câu nhiều lựa chọn cần một danh sách phương án.` };
      const ids = value.map(bankId);
      if (ids.some((id) => id === undefined))
        return { ok: false, message: `${label}: có phương án đã chọn không có trong câu hỏi.` };
      if (new Set(ids).size !== ids.length) return { ok: false, message: `${label}: mỗi phương án chỉ chọn một lần.` };
      return { ok: true, value: ids.length === 0 ? null : ids };
    }
    case 'ordering': {
      const ids = Array.isArray(value) ? value.map(bankId) : [];
      const complete =
        ids.length === optionIds.length && ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
      return complete
        ? { ok: true, value: ids }
        : { ok: false, message: `${label}: hãy xếp mỗi mục vào đúng một vị trí, không bỏ trống vị trí nào.` };
    }
  }
}

/** A stored answer in public ids, for showing the learner what they saved; undefined if it no longer fits. */
export function toPublicAnswer(slot: AnswerSlot, stored: unknown): unknown {
  if (slot.question.type === 'true-false') return typeof stored === 'boolean' ? stored : undefined;
  const publicId = (bankId: unknown) => {
    const index = slot.optionIds.indexOf(bankId as string);
    return index < 0 ? undefined : String(index + 1);
  };
  if (slot.question.type === 'single') {
    const id = publicId(Array.isArray(stored) ? stored[0] : stored);
    return id;
  }
  if (!Array.isArray(stored)) return undefined;
  const ids = stored.map(publicId);
  return ids.every((id) => id !== undefined) ? ids : undefined;
}
