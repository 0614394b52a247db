/**
 * The draft workflow: the author submits (draft/returned → submitted), a reviewer sends it back
 * with a comment (submitted → returned), the author discards it (draft/returned → discarded).
 * Each change is one conditional UPDATE (status checked in the same statement) plus its history
 * entry in one transaction, so a double click cannot apply a change twice.
 */
import { and, eq, inArray, notExists } from 'drizzle-orm';
import { courseDrafts, draftEvents, publishJobs, users, type CourseDraft } from '../../../../db/schema/index.ts';
import type { DraftAction } from '../../authoring/vocabulary.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { canWriteCourse, mayReviewDraft } from './access.ts';
import { findDraftFor, recordDraftEvent } from './draft-store.ts';

export type TransitionResult =
  | { ok: true; draft: CourseDraft }
  /** not-found: missing or not the caller's (404); forbidden: visible but not this role's step; wrong-status: already moved on. */
  | { ok: false; reason: 'not-found' | 'forbidden' | 'wrong-status' };

interface Transition {
  from: readonly CourseDraft['status'][];
  to: CourseDraft['status'];
  action: DraftAction;
  /** Refused while a publication of the draft is queued or building (its files are being built). */
  notWhilePublishing?: boolean;
}

const SUBMIT: Transition = { from: ['draft', 'returned'], to: 'submitted', action: 'submitted' };
const RETURN: Transition = { from: ['submitted'], to: 'returned', action: 'returned', notWhilePublishing: true };
const DISCARD: Transition = { from: ['draft', 'returned'], to: 'discarded', action: 'discarded' };

async function transition(
  user: SessionUser,
  draftId: string,
  step: Transition,
  allowed: (draft: CourseDraft) => Promise<boolean> | boolean,
  changes: Partial<CourseDraft>,
  comment: string | null = null,
): Promise<TransitionResult> {
  const draft = await findDraftFor(user, draftId);
  if (!draft) return { ok: false, reason: 'not-found' };
  if (!(await allowed(draft))) return { ok: false, reason: 'forbidden' };
  const now = new Date();
  return getDb().transaction(async (tx) => {
    const moved = await tx
      .update(courseDrafts)
      .set({ ...changes, status: step.to, updatedAt: now })
      .where(
        and(
          eq(courseDrafts.id, draftId),
          inArray(courseDrafts.status, [...step.from]),
          step.notWhilePublishing
            ? notExists(
                tx
                  .select({ id: publishJobs.id })
                  .from(publishJobs)
                  .where(and(eq(publishJobs.draftId, draftId), inArray(publishJobs.status, ['queued', 'running']))),
              )
            : undefined,
        ),
      )
      .returning();
    if (moved.length === 0) return { ok: false, reason: 'wrong-status' } as const;
    await recordDraftEvent(tx, draftId, step.action, user.id, comment);
    return { ok: true, draft: moved[0] } as const;
  });
}

/** The author (a writer of the course) sends the draft for review. */
export function submitDraft(user: SessionUser, draftId: string): Promise<TransitionResult> {
  return transition(user, draftId, SUBMIT, (draft) => canWriteCourse(user, draft.courseId), {
    submittedAt: new Date(),
  });
}

/** A reviewer sends a submitted draft back to its writers with a comment saying what to fix. */
export function returnDraft(user: SessionUser, draftId: string, comment: string): Promise<TransitionResult> {
  const now = new Date();
  return transition(
    user,
    draftId,
    RETURN,
    (draft) => mayReviewDraft(user, draft),
    { reviewComment: comment, reviewedBy: user.id, reviewedAt: now },
    comment,
  );
}

/** The author gives up the draft; the live course stays as it is and a new draft may be started. */
export function discardDraft(user: SessionUser, draftId: string): Promise<TransitionResult> {
  return transition(user, draftId, DISCARD, (draft) => canWriteCourse(user, draft.courseId), {});
}

/** Which workflow buttons a user sees on a draft. */
export async function workflowChoices(
  user: SessionUser,
  draft: CourseDraft,
): Promise<{ submit: boolean; review: boolean; discard: boolean; edit: boolean }> {
  const writer = await canWriteCourse(user, draft.courseId);
  const editable = draft.status === 'draft' || draft.status === 'returned';
  return {
    submit: writer && editable,
    discard: writer && editable,
    edit: writer && editable,
    review: draft.status === 'submitted' && (await mayReviewDraft(user, draft)),
  };
}

/** Every draft waiting for review, oldest submission first (the reviewer's queue). */
export function submittedDrafts(): Promise<CourseDraft[]> {
  return getDb()
    .select()
    .from(courseDrafts)
    .where(eq(courseDrafts.status, 'submitted'))
    .orderBy(courseDrafts.submittedAt);
}

/** The submitted drafts this user reviews: all of them for a national reviewer, their province's for a province's reviewer. */
export async function reviewQueueOf(user: SessionUser): Promise<CourseDraft[]> {
  const waiting = await submittedDrafts();
  const mine: CourseDraft[] = [];
  for (const draft of waiting) if (await mayReviewDraft(user, draft)) mine.push(draft);
  return mine;
}

/** A draft's history for its page, oldest first, with the name of who did each step. */
export async function draftHistoryNamed(
  draftId: string,
): Promise<{ action: DraftAction; at: Date; comment: string | null; who: string | null }[]> {
  return getDb()
    .select({ action: draftEvents.action, at: draftEvents.at, comment: draftEvents.comment, who: users.displayName })
    .from(draftEvents)
    .leftJoin(users, eq(users.id, draftEvents.userId))
    .where(eq(draftEvents.draftId, draftId))
    .orderBy(draftEvents.at, draftEvents.id);
}
