/**
 * The shapes the quiz components draw: the attempt API's (src/schemas/api/attempts.ts), so the
 * components depend on plain data and never on server modules.
 */
import type { PublicQuestion, ReviewItem, ReviewQuestion } from '../../schemas/api/attempts.ts';

/** A question as the learner sees it before grading, under public ids. */
export type QuestionShape = PublicQuestion;

/** One answerable question of a graded attempt's review. */
export type ReviewItemShape = ReviewItem;

/** One drawn question of the review. */
export type ReviewQuestionShape = ReviewQuestion;

/** DOM id of a question's fieldset (error summaries link to it). */
export const questionDomId = (publicId: string) => `cau-${publicId}`;
