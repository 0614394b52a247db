/**
 * Course drafts in the database: open one (from the live course, or new), change its files, and
 * record what happened. Every function checks the caller's right on the server; a draft the caller
 * may not see is reported as missing (undefined), which pages answer with 404.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { courseDrafts, draftEvents, type CourseDraft } from '../../../../db/schema/index.ts';
import type { DraftAction, DraftStatus } from '../../authoring/vocabulary.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { moveFile } from '../uploads/stream-to-disk.ts';
import { canSeeDraft, canWriteCourse } from './access.ts';
import { draftMediaFile, isSafeDraftKey, liveCourseFiles } from './draft-files.ts';

/** What the top of a draft's pages shows (DraftHeader): its course's title, read from its files, and its status. */
export interface DraftHeading {
  id: string;
  courseId: string;
  files: Record<string, string>;
  status: DraftStatus;
  publishedVersion: number | null;
}

/** What the editors' actions read of a draft before they change its files. */
export interface DraftForEditing {
  id: string;
  courseId: string;
  files: Record<string, string>;
}

/** Statuses in which the author may still change the draft. */
export const EDITABLE_STATUSES: readonly CourseDraft['status'][] = ['draft', 'returned'];
const OPEN_STATUSES = ['draft', 'submitted', 'returned'] as const;

export type DraftWriteResult =
  { ok: true; draft: CourseDraft } | { ok: false; reason: 'not-found' | 'not-editable' | 'bad-path' };

/** A draft the user may see, or undefined (missing or not theirs: the same answer). */
export async function findDraftFor(user: SessionUser | undefined, draftId: string): Promise<CourseDraft | undefined> {
  const [draft] = await getDb().select().from(courseDrafts).where(eq(courseDrafts.id, draftId)).limit(1);
  return draft && (await canSeeDraft(user, draft)) ? draft : undefined;
}

/** The open (not yet published) draft of a course, if any. */
export async function openDraftOf(courseId: string): Promise<CourseDraft | undefined> {
  const [draft] = await getDb()
    .select()
    .from(courseDrafts)
    .where(and(eq(courseDrafts.courseId, courseId), inArray(courseDrafts.status, [...OPEN_STATUSES])))
    .limit(1);
  return draft;
}

/** Drafts of the given courses (all statuses), newest first. */
export async function draftsOfCourses(courseIds: readonly string[]): Promise<CourseDraft[]> {
  if (courseIds.length === 0) return [];
  return getDb()
    .select()
    .from(courseDrafts)
    .where(inArray(courseDrafts.courseId, [...courseIds]))
    .orderBy(desc(courseDrafts.updatedAt));
}

/** The row of a new draft of the course, by `user`, holding `files` (not yet written). */
export function newDraftRow(
  user: SessionUser,
  courseId: string,
  files: Record<string, string>,
  baseVersion: string | null,
  now = new Date(),
): CourseDraft {
  return {
    id: newId(),
    courseId,
    status: 'draft',
    files,
    media: [],
    baseVersion,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    reviewComment: null,
    reviewedBy: null,
    reviewedAt: null,
    publishedVersion: null,
  };
}

/**
 * Starts a draft of a course from `files` (its live files, or a new course's first files). If the
 * course already has an open draft, that one is returned instead: one open draft per course.
 */
export async function startDraft(
  user: SessionUser,
  courseId: string,
  files: Record<string, string>,
  baseVersion: string | null,
): Promise<CourseDraft | undefined> {
  if (!(await canWriteCourse(user, courseId))) return undefined;
  const existing = await openDraftOf(courseId);
  if (existing) return existing;
  const now = new Date();
  const draft = newDraftRow(user, courseId, files, baseVersion, now);
  try {
    await getDb().transaction(async (tx) => {
      await tx.insert(courseDrafts).values(draft);
      await tx.insert(draftEvents).values({ draftId: draft.id, action: 'created', userId: user.id, at: now });
    });
  } catch (error) {
    // Two writers opened the course at the same moment: the unique index kept one draft.
    const winner = await openDraftOf(courseId);
    if (winner) return winner;
    throw error;
  }
  return draft;
}

/** Opens (or returns the open) draft of a published course, starting from its live files. */
export function startDraftOfLiveCourse(
  user: SessionUser,
  courseId: string,
  baseVersion: string | null,
): Promise<CourseDraft | undefined> {
  return startDraft(user, courseId, liveCourseFiles(courseId), baseVersion);
}

/** File changes: a text sets the file, null deletes it. */
export type DraftFileChanges = Record<string, string | null>;

/**
 * Changes files of an editable draft. All changes land in one write, so a form that saves several
 * files never leaves half of them. Changes that depend on the other files (renumbering lessons)
 * pass a function: it runs on the files as they are inside the write, so a save landing between
 * reading and writing is never lost.
 */
export async function writeDraftFiles(
  user: SessionUser,
  draftId: string,
  changes: DraftFileChanges | ((files: Readonly<Record<string, string>>) => DraftFileChanges),
): Promise<DraftWriteResult> {
  if (typeof changes !== 'function' && !Object.keys(changes).every(isSafeDraftKey))
    return { ok: false, reason: 'bad-path' };
  const draft = await findDraftFor(user, draftId);
  if (!draft || !(await canWriteCourse(user, draft.courseId))) return { ok: false, reason: 'not-found' };
  const db = getDb();
  return db.transaction(async (tx) => {
    // Re-read inside the write: a submit or another save may have landed since.
    const [current] = await tx.select().from(courseDrafts).where(eq(courseDrafts.id, draftId)).limit(1);
    if (!current || !EDITABLE_STATUSES.includes(current.status)) return { ok: false, reason: 'not-editable' } as const;
    const resolved = typeof changes === 'function' ? changes(current.files) : changes;
    if (!Object.keys(resolved).every(isSafeDraftKey)) return { ok: false, reason: 'bad-path' } as const;
    const files = { ...current.files };
    for (const [key, text] of Object.entries(resolved)) {
      if (text === null) delete files[key];
      else files[key] = text;
    }
    const updatedAt = new Date();
    await tx.update(courseDrafts).set({ files, updatedAt }).where(eq(courseDrafts.id, draftId));
    return { ok: true, draft: { ...current, files, updatedAt } } as const;
  });
}

/**
 * Stores an uploaded media file of a draft (public path like "media/videos/x.mp4") and lists it in
 * the draft. The file is written before the row, so a listed file always exists. `content` is the
 * bytes, or an upload's temporary file (a video), moved into place rather than read into memory.
 */
export async function addDraftMedia(
  user: SessionUser,
  draftId: string,
  publicPath: string,
  content: Uint8Array | { file: string },
): Promise<DraftWriteResult> {
  if (!/^media\/(videos|handouts)\/[a-z0-9][a-z0-9.-]*\.[a-z0-9]+$/.test(publicPath))
    return { ok: false, reason: 'bad-path' };
  const draft = await findDraftFor(user, draftId);
  if (!draft || !(await canWriteCourse(user, draft.courseId))) return { ok: false, reason: 'not-found' };
  if (!EDITABLE_STATUSES.includes(draft.status)) return { ok: false, reason: 'not-editable' };
  const file = draftMediaFile(draftId, publicPath);
  if (!file) return { ok: false, reason: 'bad-path' };
  await mkdir(dirname(file), { recursive: true });
  if (content instanceof Uint8Array) await writeFile(file, content);
  else await moveFile(content.file, file);
  const db = getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(courseDrafts).where(eq(courseDrafts.id, draftId)).limit(1);
    if (!current || !EDITABLE_STATUSES.includes(current.status)) return { ok: false, reason: 'not-editable' } as const;
    const media = current.media.includes(publicPath) ? current.media : [...current.media, publicPath];
    const updatedAt = new Date();
    await tx.update(courseDrafts).set({ media, updatedAt }).where(eq(courseDrafts.id, draftId));
    return { ok: true, draft: { ...current, media, updatedAt } } as const;
  });
}

/** Appends to a draft's history (use the transaction of the change it records). */
export async function recordDraftEvent(
  db: Pick<ReturnType<typeof getDb>, 'insert'>,
  draftId: string,
  action: DraftAction,
  userId: string | null,
  comment: string | null = null,
): Promise<void> {
  await db.insert(draftEvents).values({ draftId, action, userId, comment, at: new Date() });
}

/** A draft's history, oldest first. */
export function draftHistory(draftId: string) {
  return getDb()
    .select()
    .from(draftEvents)
    .where(eq(draftEvents.draftId, draftId))
    .orderBy(draftEvents.at, draftEvents.id);
}
