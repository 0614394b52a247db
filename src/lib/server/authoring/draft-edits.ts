/**
 * Edits of a draft from the instructor area's forms: the course form, a lesson, and moving or
 * deleting lessons. Each checks the caller through the draft store (missing or not theirs: 404;
 * submitted or published: not editable) and writes all its files in one write.
 */
import type { SessionUser } from '../auth/sessions.ts';
import { courseFromForm, type CourseFormInput, type FormProblem } from '../../authoring-forms/course-form.ts';
import { yamlText } from '../../authoring/content-text.ts';
import { deleteLessonChanges, draftLessons, lessonKey, moveLessonChanges, newLessonFile } from './draft-outline.ts';
import { findDraftFor, writeDraftFiles, type DraftWriteResult } from './draft-store.ts';
import { lessonFromForm, type LessonFormInput } from './lesson-form.ts';

type Refused = { ok: false; reason: 'not-found' | 'not-editable' | 'bad-path' };

/** Saves course.yaml from the course form, only when it passes CourseSchema (else nothing is written). */
export async function saveCourseForm(
  user: SessionUser,
  draftId: string,
  form: CourseFormInput,
): Promise<Refused | { ok: false; reason: 'invalid'; problems: FormProblem[] } | { ok: true }> {
  const draft = await findDraftFor(user, draftId);
  if (!draft) return { ok: false, reason: 'not-found' };
  const { data, problems } = courseFromForm(form);
  if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
  const result = await writeDraftFiles(user, draftId, { [`courses/${draft.courseId}/course.yaml`]: yamlText(data) });
  return result.ok ? { ok: true } : result;
}

/**
 * Saves a lesson from the editor, problems and all (a draft may be unfinished; publishing refuses
 * problems). `file` is the lesson file name without extension, or "moi" for a new lesson, which
 * gets its name from the title.
 */
export async function saveLessonForm(
  user: SessionUser,
  draftId: string,
  file: string,
  form: LessonFormInput,
): Promise<
  | Refused
  | { ok: false; reason: 'needs-title' }
  | { ok: false; reason: 'refused'; problems: FormProblem[] }
  | { ok: true; file: string; problems: FormProblem[]; savedAt: Date }
> {
  const draft = await findDraftFor(user, draftId);
  if (!draft) return { ok: false, reason: 'not-found' };
  let name = file;
  if (file === 'moi') {
    if (!form.title?.trim()) return { ok: false, reason: 'needs-title' };
    name = newLessonFile(draft.courseId, draft.files, form.title);
  } else if (!draftLessons(draft.courseId, draft.files).some((lesson) => lesson.file === file)) {
    return { ok: false, reason: 'not-found' };
  }
  const { text, problems, refused } = lessonFromForm(draft, name, form);
  // The action's schema refuses such a body first; this keeps any other caller from writing one.
  if (refused) return { ok: false, reason: 'refused', problems };
  const result: DraftWriteResult = await writeDraftFiles(user, draftId, { [lessonKey(draft.courseId, name)]: text });
  return result.ok ? { ok: true, file: name, problems, savedAt: result.draft.updatedAt } : result;
}

/** Moves a lesson one place up or down; its slug (and so its id and progress) stays. */
export async function moveLesson(
  user: SessionUser,
  draftId: string,
  file: string,
  direction: -1 | 1,
): Promise<Refused | { ok: true }> {
  const draft = await findDraftFor(user, draftId);
  if (!draft) return { ok: false, reason: 'not-found' };
  if (Object.keys(moveLessonChanges(draft.courseId, draft.files, file, direction)).length === 0) return { ok: true };
  // Renumbered from the files as they are inside the write, not as read above.
  const result = await writeDraftFiles(user, draftId, (files) =>
    moveLessonChanges(draft.courseId, files, file, direction),
  );
  return result.ok ? { ok: true } : result;
}

/** Deletes a lesson from the draft and closes the gap in the numbering. */
export async function deleteLesson(user: SessionUser, draftId: string, file: string): Promise<Refused | { ok: true }> {
  const draft = await findDraftFor(user, draftId);
  if (!draft) return { ok: false, reason: 'not-found' };
  if (Object.keys(deleteLessonChanges(draft.courseId, draft.files, file)).length === 0)
    return { ok: false, reason: 'not-found' };
  // Renumbered from the files as they are inside the write, not as read above.
  const result = await writeDraftFiles(user, draftId, (files) => deleteLessonChanges(draft.courseId, files, file));
  return result.ok ? { ok: true } : result;
}
