/**
 * The first lines of every preview page and of the draft media route: who is asking, and which
 * draft. Signed out → sign-in, coming back after; a draft the caller may not see → 404.
 */
import { getCollection } from 'astro:content';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { findDraftFor } from '../authoring/draft-store.ts';
import { signInResponse } from '../authoring/instructor-guard.ts';
import { notFoundResponse } from '../org/admin-guard.ts';
import { checkLessonBody } from '../../lesson-body-check.ts';
import type { ContentProblem } from '../../../integrations/content-check/problems.ts';
import { contentPreviewOf, readDraftContent, type DraftContent, type DraftLesson } from './draft-content.ts';
import type { ContentPreview } from '../../content-preview.ts';

export type OpenedPreview =
  { response: Response } | { draft: CourseDraft; content: DraftContent; preview: ContentPreview };

/** The draft the user may preview, read as content, or the response to send instead. */
export async function openPreview(
  user: SessionUser | undefined,
  url: URL,
  draftId: string | undefined,
): Promise<OpenedPreview> {
  const draft = await findVisibleDraft(user, url, draftId);
  if ('response' in draft) return draft;
  const content = readDraftContent(draft.draft);
  return { draft: draft.draft, content, preview: contentPreviewOf(draft.draft, content) };
}

/** The draft the user may see, or the response to send instead (sign-in or 404). */
export async function findVisibleDraft(
  user: SessionUser | undefined,
  url: URL,
  draftId: string | undefined,
): Promise<{ draft: CourseDraft } | { response: Response }> {
  if (!user) return { response: signInResponse(url) };
  const draft = draftId ? await findDraftFor(user, draftId) : undefined;
  return draft ? { draft } : { response: notFoundResponse() };
}

/**
 * What stops a lesson of the draft from rendering: the content check's body rules, with the ids
 * the draft and the live site know (a lesson may embed a live video or case study).
 */
export async function lessonBodyProblems(lesson: DraftLesson, content: DraftContent): Promise<ContentProblem[]> {
  const liveVideos = (await getCollection('videos')).map((entry) => entry.id);
  const liveStudies = (await getCollection('caseStudies')).map((entry) => entry.id);
  return checkLessonBody(lesson.body, {
    file: lesson.key,
    videoIds: new Set([...content.videos.keys(), ...liveVideos]),
    caseStudyIds: new Set([...content.caseStudies.map((study) => study.id), ...liveStudies]),
    quizIds: new Set(content.quizzes.map((entry) => entry.slug)),
    // Handouts are checked when publishing; the preview links to them as they are.
    publicFileExists: () => true,
  });
}
