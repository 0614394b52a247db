/**
 * The ids of RatingFields.astro's controls, and how a rating form reads its action's error: a
 * question's message links to its first choice, the comment's to its box, and a refusal links to
 * the first question in the summary only. Pure.
 */
import type { FormErrorOptions } from '../../lib/form-errors.ts';

/** The id of one choice of a question: "satisfaction-1". */
export function choiceId(questionKey: string, value: number): string {
  return `${questionKey}-${value}`;
}

/** The formErrors options of a form made of these questions and the comment box. */
export function ratingErrorOptions(questions: readonly { key: string }[]): FormErrorOptions {
  return {
    fieldIds: { ...Object.fromEntries(questions.map(({ key }) => [key, choiceId(key, 1)])), comment: 'comment' },
    fallback: choiceId(questions[0]?.key ?? '', 1),
    fallbackBeside: false,
  };
}
