/**
 * Where a quiz attempt stands: the values stored in the database (db/schema/assessment.ts uses
 * them as a column enum) and read by the attempt rules. Pure.
 */

/** in_progress → submitted (by the learner) or expired (graded at its deadline). */
export const ATTEMPT_STATUSES = ['in_progress', 'submitted', 'expired'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
