/**
 * Where a quiz attempt stands: the values stored in the database (db/schema/assessment.ts uses
 * them as a column enum), sent by the attempt API (src/schemas/api/attempts.ts) and read by the
 * attempt rules. A loose file, not in src/lib/assessment/: that folder imports src/schemas, which
 * imports this. Pure.
 */

/** in_progress → submitted (by the learner) or expired (graded at its deadline). */
export const ATTEMPT_STATUSES = ['in_progress', 'submitted', 'expired'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
