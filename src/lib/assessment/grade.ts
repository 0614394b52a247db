/**
 * Grading of a submitted attempt: a pure function of the questions and the answers, with no I/O.
 */
import { maxPointsOf, type AnswerableQuestion, type Question } from '../../schemas/question-bank.ts';

/**
 * A learner's answers, by question id (a case group's parts by their own ids):
 * single → an option id (or a one-item list); multiple → a list of option ids;
 * true-false → a boolean; ordering → the option ids in the learner's order.
 */
export type Answers = Readonly<Record<string, unknown>>;

/** The grade of one answerable question. */
export interface PartResult {
  questionId: string;
  earned: number;
  max: number;
  /** True only when every point was earned. */
  correct: boolean;
  /** False when no usable answer was given. */
  answered: boolean;
}

/** The grade of one drawn question; a case group carries its parts. */
export interface QuestionResult extends PartResult {
  parts?: PartResult[];
}

/** The grade of an attempt. */
export interface AttemptGrade {
  questions: QuestionResult[];
  earned: number;
  max: number;
  /** earned / max × 100, rounded to one decimal; 0 when max is 0. */
  percent: number;
  passed: boolean;
}

/**
 * Grades an attempt. Never throws on odd answers: unknown option ids, duplicates and answers of
 * the wrong shape are ignored, and an unanswered question earns 0.
 *
 * Rules, as a share of the question's points:
 * - single, true-false: all or nothing.
 * - multiple (k correct options): each correct option chosen +1/k, each wrong option chosen −1/k,
 *   floored at 0. Ticking every option earns (k − w)/k with w wrong options, so blanket guessing
 *   earns nothing once the wrong options are as many as the right ones.
 * - ordering (n items): the share of items placed in their correct position (i/n).
 * - case group: the sum of its parts.
 * Points are rounded to two decimals; `passed` compares the unrounded percentage with passPercent
 * (default 0: any attempt with questions passes).
 */
export function gradeAttempt(questions: readonly Question[], answers: Answers, passPercent = 0): AttemptGrade {
  const results: QuestionResult[] = questions.map((question) => {
    if (question.type !== 'case-group') return gradeQuestion(question, answers[question.id]);
    const parts = question.questions.map((part) => gradeQuestion(part, answers[part.id]));
    const earned = round(parts.reduce((sum, part) => sum + part.earned, 0));
    const max = maxPointsOf(question);
    return {
      questionId: question.id,
      earned,
      max,
      correct: earned === max,
      answered: parts.some((part) => part.answered),
      parts,
    };
  });
  const earned = round(results.reduce((sum, result) => sum + result.earned, 0));
  const max = round(results.reduce((sum, result) => sum + result.max, 0));
  const exact = max === 0 ? 0 : (earned / max) * 100;
  return {
    questions: results,
    earned,
    max,
    percent: Math.round(exact * 10) / 10,
    passed: max > 0 && exact >= passPercent,
  };
}

/** Grades one answerable question against one raw answer. */
export function gradeQuestion(question: AnswerableQuestion, answer: unknown): PartResult {
  const max = question.points;
  const share = shareOf(question, answer);
  const earned = share === undefined ? 0 : round(max * share);
  return { questionId: question.id, earned, max, correct: earned === max, answered: share !== undefined };
}

/** The share (0..1) of points earned, or undefined when nothing usable was answered. */
function shareOf(question: AnswerableQuestion, answer: unknown): number | undefined {
  if (question.type === 'true-false') {
    return typeof answer === 'boolean' ? Number(answer === question.correct) : undefined;
  }
  const known = new Set(question.options.map((option) => option.id));
  const chosen = [...new Set(idsOf(answer))].filter((id) => known.has(id));
  if (chosen.length === 0) return undefined;
  switch (question.type) {
    case 'single':
      return chosen.length === 1 && chosen[0] === question.correct[0] ? 1 : 0;
    case 'multiple': {
      const key = new Set(question.correct);
      const right = chosen.filter((id) => key.has(id)).length;
      return Math.max(0, (right - (chosen.length - right)) / key.size);
    }
    case 'ordering': {
      const inPlace = question.correct.filter((id, index) => chosen[index] === id).length;
      return inPlace / question.correct.length;
    }
  }
}

function idsOf(answer: unknown): string[] {
  if (typeof answer === 'string') return [answer];
  if (Array.isArray(answer)) return answer.filter((item): item is string => typeof item === 'string');
  return [];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
