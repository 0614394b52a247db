/**
 * The states of a course draft and of its publication: the values stored in the database
 * (db/schema/authoring.ts uses them as column enums) and shown by the instructor area. Pure.
 */

/**
 * A draft's life: the author edits (draft), submits it for review (submitted); a reviewer sends it
 * back with a comment (returned, editable again) or publishes it (published). A draft whose
 * publication is building stays "submitted" until the new build is live.
 */
export const DRAFT_STATUSES = ['draft', 'submitted', 'returned', 'published', 'discarded'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** What happened to a draft, for its history: created, saved, submitted, returned, publish_*. */
export const DRAFT_ACTIONS = [
  'created',
  'submitted',
  'returned',
  'publish_requested',
  'published',
  'publish_failed',
  'discarded',
] as const;
export type DraftAction = (typeof DRAFT_ACTIONS)[number];

/** queued → running → succeeded | failed. Steps of a running job, in order. */
export const PUBLISH_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const PUBLISH_STEPS = ['validating', 'building', 'indexing', 'switching', 'done'] as const;
export type PublishJobStatus = (typeof PUBLISH_JOB_STATUSES)[number];
export type PublishStep = (typeof PUBLISH_STEPS)[number];

/** A content problem as shown to a writer: where (lesson or item, by title), which field, what to do. */
export interface PublishProblem {
  file: string;
  /** E.g. 'Bài 2 “Phân loại đơn”' or 'Tình huống “…”'. */
  where: string;
  field: string;
  message: string;
}
