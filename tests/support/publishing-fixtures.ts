/**
 * What the publishing tests share: a throwaway copy of the project made the working folder, with a
 * fresh seeded database and the reviewer (thamdinh) and an author (giangvien) signed in; a
 * fingerprint of the copy's content/; and a submitted draft of a demo course with some changes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { courseDrafts } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/sessions.ts';
import { startDraftOfLiveCourse, writeDraftFiles } from '../../src/lib/server/authoring/draft-store.ts';
import { filesBelow } from '../../src/lib/server/publishing/draft-tree.ts';
import { createTestDatabase, openTestDatabase } from './database.ts';
import { copyProject } from './project-copy.ts';
import { userIdOf } from './completion-fixtures.ts';

export interface PublishingCopy {
  /** The copy's root folder (the working folder until `leave`). */
  readonly root: string;
  readonly db: Database;
  /** thamdinh: instructor and content reviewer. */
  readonly reviewer: SessionUser;
  /** giangvien: writes the demo courses. */
  readonly author: SessionUser;
  /** Closes the database, goes back to `repository` and deletes the copy. */
  leave(): void;
}

/** The signed-in user of a new session of this account. */
export async function sessionUser(db: Database, username: string): Promise<SessionUser> {
  const valid = await validateSessionToken(await createSession(await userIdOf(db, username)));
  assert.ok(valid);
  return valid.user;
}

/** Copies the project at `repository`, moves into the copy and gives it a fresh seeded database. */
export async function enterPublishingCopy(repository: string): Promise<PublishingCopy> {
  const project = copyProject(repository);
  process.chdir(project.root);
  process.env.DATABASE_URL = await createTestDatabase();
  const db = openTestDatabase(process.env.DATABASE_URL);
  const reviewer = await sessionUser(db, 'thamdinh');
  const author = await sessionUser(db, 'giangvien');
  return {
    root: project.root,
    db,
    reviewer,
    author,
    leave() {
      db.$client.close();
      process.chdir(repository);
      project.cleanup();
    },
  };
}

/** A hash of every file under `root`/content (path and bytes). */
export function contentFingerprint(root: string): string {
  const dir = join(root, 'content');
  const hash = createHash('sha256');
  for (const path of filesBelow(dir).sort()) hash.update(path).update(readFileSync(join(dir, path)));
  return hash.digest('hex');
}

/** A submitted draft of the course, by the copy's author, with `changes` applied to its live files. */
export async function submittedDraft(
  { db, author }: Pick<PublishingCopy, 'db' | 'author'>,
  courseId: string,
  changes: (files: Record<string, string>) => Record<string, string | null>,
): Promise<string> {
  const draft = await startDraftOfLiveCourse(author, courseId, null);
  assert.ok(draft);
  const written = await writeDraftFiles(author, draft.id, changes(draft.files));
  assert.ok(written.ok);
  await db
    .update(courseDrafts)
    .set({ status: 'submitted', submittedAt: new Date() })
    .where(eq(courseDrafts.id, draft.id));
  return draft.id;
}
