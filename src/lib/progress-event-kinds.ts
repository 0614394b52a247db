/**
 * The kinds of learning event a device reports: stored in the database (db/schema/progress.ts
 * uses them as a column enum) and accepted by the progress API (src/schemas/api/progress.ts).
 * A loose file, not in src/lib/progress/: that folder imports src/schemas, which imports this. Pure.
 */

export const PROGRESS_EVENT_KINDS = ['lesson_opened', 'lesson_completed', 'video_watched', 'case_decision'] as const;
export type ProgressEventKind = (typeof PROGRESS_EVENT_KINDS)[number];
