/**
 * The shapes the quiz components draw, declared here so components depend on plain data and never
 * on server modules; the server's views (attempt-view.ts, attempt-review.ts) fit them as they are.
 */
import type { LegalReference } from '../../schemas/legal-reference.ts';

/** A question as the learner sees it before grading, under public ids. */
export type QuestionShape =
  | { id: string; type: 'single' | 'multiple' | 'ordering'; prompt: string; points: number; options: { id: string; text: string }[] }
  | { id: string; type: 'true-false'; prompt: string; points: number }
  | { id: string; type: 'case-group'; prompt: string; scenario: string; points: number; questions: QuestionShape[] };

/** A legal citation, as LegalRef shows it. */
export type LegalReferenceShape = LegalReference;

/** One answerable question of a graded attempt's review. */
export interface ReviewItemShape {
  id: string;
  label: string;
  type: 'single' | 'multiple' | 'true-false' | 'ordering';
  prompt: string;
  earned: number;
  max: number;
  outcome: 'dung' | 'mot-phan' | 'sai' | 'chua-tra-loi';
  given: string[];
  key: string[];
  explanation: string | null;
  legalReference: LegalReferenceShape | null;
}

/** One drawn question of the review. */
export interface ReviewQuestionShape {
  id: string;
  number: number;
  earned: number;
  max: number;
  caseGroup: { prompt: string; scenario: string; explanation: string | null; legalReference: LegalReferenceShape | null } | null;
  items: ReviewItemShape[];
}

/** DOM id of a question's fieldset (error summaries link to it). */
export const questionDomId = (publicId: string) => `cau-${publicId}`;
