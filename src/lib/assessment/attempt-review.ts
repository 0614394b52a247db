/**
 * The review of a graded attempt: per question the learner's answer, the key, the outcome,
 * the explanation and the legal reference. Only ever built once the feedback rule allows it
 * (src/lib/server/assessment/attempt-view.ts decides). Its shapes are the attempt API's. Pure.
 */
import type { ReviewItem, ReviewOutcome, ReviewQuestion } from '../../schemas/api/attempts.ts';
import type { AnswerableQuestion, Question } from '../../schemas/question-bank.ts';
import type { DrawnQuestion } from './draw.ts';
import type { AttemptGrade, PartResult } from './grade.ts';
import { answerSlots, type AnswerSlot } from './public-attempt.ts';

/** What the review reads of a stored attempt: its questions as drawn and its grade. */
export interface GradedAttempt {
  questions: readonly Question[];
  drawn: readonly DrawnQuestion[];
  grade: AttemptGrade | null;
}

const truth = (value: boolean) => (value ? 'Đúng' : 'Sai');

function textsOf(question: AnswerableQuestion, ids: readonly unknown[]): string[] {
  if (question.type === 'true-false') return [];
  const byId = new Map(question.options.map((option) => [option.id, option.text]));
  return ids.flatMap((id) => byId.get(id as string) ?? []);
}

function givenOf(slot: AnswerSlot, answer: unknown): string[] {
  const { question } = slot;
  if (question.type === 'true-false') return typeof answer === 'boolean' ? [truth(answer)] : [];
  const ids = Array.isArray(answer) ? answer : answer === undefined ? [] : [answer];
  // Choices read best in the order they were shown; an ordering in the learner's own order.
  return question.type === 'ordering'
    ? textsOf(question, ids)
    : textsOf(
        question,
        slot.optionIds.filter((id) => ids.includes(id)),
      );
}

function keyOf(slot: AnswerSlot): string[] {
  const { question } = slot;
  if (question.type === 'true-false') return [truth(question.correct)];
  if (question.type === 'ordering') return textsOf(question, question.correct);
  return textsOf(
    question,
    slot.optionIds.filter((id) => question.correct.includes(id)),
  );
}

function outcomeOf(result: PartResult | undefined): ReviewOutcome {
  if (!result || !result.answered) return 'unanswered';
  if (result.correct) return 'correct';
  return result.earned > 0 ? 'partially_correct' : 'incorrect';
}

/** The review of a graded attempt with the answers that were graded (bank ids). */
export function reviewOf(attempt: GradedAttempt, answers: Readonly<Record<string, unknown>>): ReviewQuestion[] {
  const results = new Map<string, PartResult>();
  for (const result of attempt.grade?.questions ?? []) {
    results.set(result.questionId, result);
    for (const part of result.parts ?? []) results.set(part.questionId, part);
  }
  const slots = answerSlots(attempt.questions, attempt.drawn);
  const byQuestion = new Map(attempt.questions.map((question) => [question.id, question]));
  return attempt.drawn.flatMap((drawn, index) => {
    const question = byQuestion.get(drawn.questionId);
    if (!question) return [];
    const prefix = `c${index + 1}`;
    const items = slots
      .filter((slot) => slot.publicId === prefix || slot.publicId.startsWith(`${prefix}-`))
      .map((slot): ReviewItem => {
        const result = results.get(slot.question.id);
        return {
          id: slot.publicId,
          label: slot.label,
          type: slot.question.type,
          prompt: slot.question.prompt,
          earned: result?.earned ?? 0,
          max: result?.max ?? slot.question.points,
          outcome: outcomeOf(result),
          given: givenOf(slot, answers[slot.question.id]),
          key: keyOf(slot),
          explanation: slot.question.explanation ?? null,
          legalReference: slot.question.legalReference ?? null,
        };
      });
    const total = results.get(question.id);
    return [
      {
        id: prefix,
        number: index + 1,
        earned: total?.earned ?? 0,
        max: total?.max ?? items.reduce((sum, item) => sum + item.max, 0),
        caseGroup:
          question.type === 'case-group'
            ? {
                prompt: question.prompt,
                scenario: question.scenario,
                explanation: question.explanation ?? null,
                legalReference: question.legalReference ?? null,
              }
            : null,
        items,
      },
    ];
  });
}
