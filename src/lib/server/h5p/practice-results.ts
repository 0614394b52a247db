/**
 * Practice results of H5P activities: what the learner's browser reports from the activity's xAPI
 * statements. The browser can claim any score, so these rows are for the learner's own practice
 * and the instructor's overview only: nothing here completes a course or issues a certificate,
 * and the completion hook is deliberately never called.
 */
import { z } from 'astro/zod';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { h5pResults } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { PACKAGE_ID_PATTERN } from '../../h5p/package-id.ts';

const contentId = z
  .string({ error: 'Mã nội dung phải là chữ.' })
  .max(200, { error: 'Mã nội dung quá dài.' })
  .regex(/^[a-z0-9][a-z0-9/-]*$/, { error: 'Mã nội dung không hợp lệ.' });

/** The body of POST /api/v1/h5p/results: one answered or completed statement of an activity. */
export const H5pResultSchema = z
  .strictObject({
    /** The activity (package) id, as in <H5P id="…" />. */
    packageId: z.string({ error: 'Thiếu mã hoạt động H5P (packageId).' }).regex(PACKAGE_ID_PATTERN, { error: 'Mã hoạt động H5P không hợp lệ.' }),
    /** The course of the lesson the activity was played in, if any. */
    courseId: contentId.optional(),
    /** The lesson ("<courseId>/<slug>") the activity was played in, if any. */
    lessonId: contentId.optional(),
    /** The xAPI verb, by its last word. */
    verb: z.enum(['answered', 'completed'], { error: 'verb phải là "answered" hoặc "completed".' }),
    /** The score the statement reports; scaled is derived here as raw / max. */
    score: z
      .strictObject({
        raw: z.number({ error: 'Điểm đạt được (raw) phải là số.' }).min(0, { error: 'Điểm đạt được (raw) không được âm.' }).max(1_000_000),
        max: z.number({ error: 'Điểm tối đa (max) phải là số.' }).positive({ error: 'Điểm tối đa (max) phải lớn hơn 0.' }).max(1_000_000),
      })
      .refine((score) => score.raw <= score.max, { error: 'Điểm đạt được (raw) không được lớn hơn điểm tối đa (max).', path: ['raw'] })
      .optional(),
    /** Whether the learner passed, when the activity says. */
    success: z.boolean({ error: 'success phải là true hoặc false.' }).optional(),
    /** Whether the activity counts itself finished, when it says. */
    completion: z.boolean({ error: 'completion phải là true hoặc false.' }).optional(),
  })
  .superRefine((result, ctx) => {
    if (result.lessonId && !result.courseId) ctx.addIssue({ code: 'custom', path: ['courseId'], message: 'Có lessonId thì phải có courseId.' });
    if (result.lessonId && result.courseId && !result.lessonId.startsWith(`${result.courseId}/`)) {
      ctx.addIssue({ code: 'custom', path: ['lessonId'], message: 'Bài học không thuộc khóa học đã nêu.' });
    }
  });
export type H5pResult = z.infer<typeof H5pResultSchema>;

export type H5pResultRow = typeof h5pResults.$inferSelect;

/**
 * Adds one statement to the learner's practice result of the activity, in one statement (no
 * read-then-write race): one more statement, the last score, the best scaled score, and the first
 * time the activity was completed.
 */
export async function recordPracticeResult(userId: string, result: H5pResult, now = new Date(), db: Database = getDb()): Promise<H5pResultRow> {
  const scaled = result.score ? result.score.raw / result.score.max : null;
  const completed = result.verb === 'completed' || result.completion === true;
  const [row] = await db
    .insert(h5pResults)
    .values({
      userId,
      packageId: result.packageId,
      courseId: result.courseId ?? null,
      lessonId: result.lessonId ?? null,
      statements: 1,
      lastRaw: result.score?.raw ?? null,
      lastMax: result.score?.max ?? null,
      bestScaled: scaled,
      completedAt: completed ? now : null,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [h5pResults.userId, h5pResults.packageId],
      set: {
        courseId: sql`coalesce(excluded.course_id, ${h5pResults.courseId})`,
        lessonId: sql`coalesce(excluded.lesson_id, ${h5pResults.lessonId})`,
        statements: sql`${h5pResults.statements} + 1`,
        lastRaw: sql`coalesce(excluded.last_raw, ${h5pResults.lastRaw})`,
        lastMax: sql`coalesce(excluded.last_max, ${h5pResults.lastMax})`,
        // SQLite's two-argument max() is NULL when either is: keep whichever is known.
        bestScaled: sql`max(coalesce(${h5pResults.bestScaled}, excluded.best_scaled), coalesce(excluded.best_scaled, ${h5pResults.bestScaled}))`,
        completedAt: sql`coalesce(${h5pResults.completedAt}, excluded.completed_at)`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning();
  return row;
}
