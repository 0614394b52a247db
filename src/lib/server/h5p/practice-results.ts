/**
 * Practice results of H5P activities: what the learner's browser reports from the activity's xAPI
 * statements. The browser can claim any score, so these rows are for the learner's own practice
 * and the instructor's overview only: nothing here completes a course or issues a certificate,
 * and the completion hook is deliberately never called.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { h5pResults } from '../../../../db/schema/index.ts';
import type { H5pStatement } from '../../../schemas/api/h5p.ts';
import { getDb } from '../db.ts';

export type H5pResultRow = typeof h5pResults.$inferSelect;

/**
 * Adds one statement to the learner's practice result of the activity, in one statement (no
 * read-then-write race): one more statement, the last score, the best scaled score, and the first
 * time the activity was completed.
 */
export async function recordPracticeResult(
  userId: string,
  result: H5pStatement,
  now = new Date(),
  db: Database = getDb(),
): Promise<H5pResultRow> {
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
