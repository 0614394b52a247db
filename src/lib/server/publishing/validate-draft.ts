/**
 * Validates a draft as the build would: the live content with the draft applied, checked by the
 * build's own content check (checkContent). Problems are said for the writer (item by title, field
 * by label) and limited to the draft's files and to files the draft breaks elsewhere (e.g. a lesson
 * of another course embedding a case study the draft removed).
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import type { PublishProblem } from '../../authoring/vocabulary.ts';
import { checkContent, type ContentProblem } from '../../../integrations/content-check/check-content.ts';
import { courseFolderKey, siteRoot } from '../authoring/draft-files.ts';
import { newId } from '../../ids.ts';
import { applyDraftMedia, applyDraftToContent, linkTree } from './draft-tree.ts';
import { publishProblemOf } from './problem-labels.ts';

const key = (problem: ContentProblem) => `${problem.file}\u0000${problem.field}\u0000${problem.message}`;

/** True when a problem's file is one of the draft's (its course folder or its videos). */
export function isDraftFile(draft: Pick<CourseDraft, 'courseId' | 'files'>, file: string): boolean {
  const path = file.split(/[\\/]/).join('/');
  if (!path.startsWith('content/')) return false;
  const underContent = path.slice('content/'.length);
  const folder = courseFolderKey(draft.courseId);
  return underContent === folder.slice(0, -1) || underContent.startsWith(folder) || underContent in draft.files;
}

/**
 * Stages `root`'s content with the draft applied in a new folder (content/ copied, public/ linked
 * with the draft's media laid over it) and returns the folder; the caller removes it.
 */
export function stageDraft(draft: CourseDraft, root = siteRoot()): string {
  const stage = join(root, 'data', 'publish', 'stage', newId());
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'content'), join(stage, 'content'), { recursive: true });
  applyDraftToContent(join(stage, 'content'), draft);
  linkTree(join(root, 'public'), join(stage, 'public'), draft.media);
  applyDraftMedia(join(stage, 'public'), draft);
  return stage;
}

/** The problems of the draft applied to the live content (empty: it may be published). */
export async function validateDraft(draft: CourseDraft): Promise<PublishProblem[]> {
  const root = siteRoot();
  const stage = stageDraft(draft, root);
  try {
    const before = new Set(checkContent(root).map(key));
    const problems = checkContent(stage).filter(
      (problem) => isDraftFile(draft, problem.file) || !before.has(key(problem)),
    );
    return problems.map((problem) => publishProblemOf(stage, problem));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
