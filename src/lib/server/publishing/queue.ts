/**
 * Asking for a publication: a reviewer publishes a submitted draft. The draft is validated first,
 * synchronously, so a content error is refused at once (with where and what to fix) and nothing
 * changes; otherwise a job is queued (with the draft's history event, in one transaction) and the
 * runner builds it in the background.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { courseDrafts, publishJobs, type PublishJob } from '../../../../db/schema/index.ts';
import type { PublishProblem } from '../../authoring/vocabulary.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { isContentReviewer } from '../../auth/access.ts';
import { mayReviewDraft, writesCourse } from '../authoring/access.ts';
import { findDraftFor, recordDraftEvent } from '../authoring/draft-store.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { kickPublishRunner } from './runner.ts';
import { validateDraft } from './validate-draft.ts';

export { ensurePublishRunner, kickPublishRunner, RESTART_FAILURE } from './runner.ts';

export type PublicationRequest =
  | { ok: true; jobId: string }
  | { ok: false; problems: PublishProblem[] }
  | { ok: false; reason: 'not-found' | 'not-submitted' | 'busy' };

/** Validates the draft and queues its publication; see PublicationRequest for the answers. */
export async function requestPublication(reviewer: SessionUser, draftId: string): Promise<PublicationRequest> {
  const draft = await findDraftFor(reviewer, draftId);
  if (!draft || !(await mayReviewDraft(reviewer, draft))) return { ok: false, reason: 'not-found' };
  if (draft.status !== 'submitted') return { ok: false, reason: 'not-submitted' };
  const problems = await validateDraft(draft);
  if (problems.length > 0) return { ok: false, problems };

  const db = getDb();
  const jobId = newId();
  const outcome = await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: courseDrafts.status })
      .from(courseDrafts)
      .where(eq(courseDrafts.id, draftId))
      .limit(1);
    if (current?.status !== 'submitted') return { ok: false, reason: 'not-submitted' } as const;
    const [open] = await tx
      .select({ id: publishJobs.id })
      .from(publishJobs)
      .where(and(eq(publishJobs.draftId, draftId), inArray(publishJobs.status, ['queued', 'running'])))
      .limit(1);
    if (open) return { ok: false, reason: 'busy' } as const;
    await tx.insert(publishJobs).values({
      id: jobId,
      draftId,
      courseId: draft.courseId,
      requestedBy: reviewer.id,
      status: 'queued',
      step: null,
      percent: 0,
      problems: [],
      createdAt: new Date(),
    });
    await recordDraftEvent(tx, draftId, 'publish_requested', reviewer.id);
    return { ok: true, jobId } as const;
  });
  if (outcome.ok) void kickPublishRunner();
  return outcome;
}

/** A job the user may follow: reviewers, and the writers of its course; else undefined. */
export async function publishJobFor(user: SessionUser | undefined, jobId: string): Promise<PublishJob | undefined> {
  if (!user) return undefined;
  const [job] = await getDb().select().from(publishJobs).where(eq(publishJobs.id, jobId)).limit(1);
  if (!job) return undefined;
  return isContentReviewer(user) || (await writesCourse(user, job.courseId)) ? job : undefined;
}
