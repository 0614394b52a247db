/**
 * Where a draft's items live and which ids are taken: case study ids are unique across every
 * course (live and in the draft), video ids across content/videos/, banks and quizzes within their
 * course. Reads the live content/ folder of the running site.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import { SLUG_FILE_PATTERN } from '../../content-paths.ts';
import { parseLessonText, parseYamlText } from '../../authoring/content-text.ts';
import { siteRoot } from './draft-files.ts';

/** The kinds of item a draft holds, by folder. */
export type ItemFolder = 'case-studies' | 'question-banks' | 'quizzes';

/** The draft key of a course item. */
export function itemKey(courseId: string, folder: ItemFolder, id: string): string {
  return `courses/${courseId}/${folder}/${id}.yaml`;
}

/** The draft key of a video. */
export function videoKey(id: string): string {
  return `videos/${id}.yaml`;
}

/** A valid item id (also the file name). */
export function isItemId(id: string | undefined): id is string {
  return typeof id === 'string' && /^[a-z0-9][a-z0-9-]{0,79}$/.test(id);
}

/** Ids of a course's items of one kind in the draft. */
export function draftItemIds(draft: Pick<CourseDraft, 'files' | 'courseId'>, folder: ItemFolder): string[] {
  const prefix = `courses/${draft.courseId}/${folder}/`;
  return Object.keys(draft.files)
    .filter((key) => key.startsWith(prefix))
    .map((key) => SLUG_FILE_PATTERN.exec(key.slice(prefix.length))?.[1])
    .filter((id): id is string => Boolean(id))
    .sort();
}

/** The parsed YAML of a draft file (undefined when missing or unreadable). */
export function draftYaml(draft: Pick<CourseDraft, 'files'>, key: string): unknown {
  const source = draft.files[key];
  return source === undefined ? undefined : parseYamlText(source);
}

function slugFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => SLUG_FILE_PATTERN.exec(name)?.[1] ?? []);
}

/** Case study ids taken anywhere: every live course, and every course folder in the draft. */
export function takenCaseStudyIds(draft: Pick<CourseDraft, 'files'>, root = siteRoot()): Set<string> {
  const taken = new Set<string>();
  const courses = join(root, 'content', 'courses');
  if (existsSync(courses))
    for (const course of readdirSync(courses))
      for (const id of slugFiles(join(courses, course, 'case-studies'))) taken.add(id);
  for (const key of Object.keys(draft.files)) {
    const match = /^courses\/[^/]+\/case-studies\/([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(key);
    if (match) taken.add(match[1]);
  }
  return taken;
}

/** Video ids taken: live content/videos/ and the draft's videos/. */
export function takenVideoIds(draft: Pick<CourseDraft, 'files'>, root = siteRoot()): Set<string> {
  const taken = new Set(slugFiles(join(root, 'content', 'videos')));
  for (const key of Object.keys(draft.files)) {
    const match = /^videos\/([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(key);
    if (match) taken.add(match[1]);
  }
  return taken;
}

/** Video ids of the draft. */
export function draftVideoIds(draft: Pick<CourseDraft, 'files'>): string[] {
  return Object.keys(draft.files)
    .flatMap((key) => /^videos\/([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(key)?.[1] ?? [])
    .sort();
}

/** Title of an item's YAML data, or its id. */
export function titleOf(data: unknown, fallback: string): string {
  const title = data && typeof data === 'object' ? (data as { title?: unknown }).title : undefined;
  return typeof title === 'string' && title.trim() ? title : fallback;
}

/** Why a write was refused, as a sentence for the page. */
export function writeRefusal(reason: 'not-found' | 'not-editable' | 'bad-path'): string {
  return reason === 'not-editable'
    ? 'Bản nháp đã gửi duyệt hoặc đã xuất bản nên không sửa được nữa. Nếu cần sửa, hãy đề nghị người duyệt trả lại bản nháp.'
    : reason === 'bad-path'
      ? 'Mã mục không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu gạch ngang.'
      : 'Không tìm thấy bản nháp.';
}

/** Where a course item is used in the draft, as phrases like 'bài “Tiếp công dân”'; empty when unused. */
export function itemUsers(draft: Pick<CourseDraft, 'files' | 'courseId'>, folder: ItemFolder, id: string): string[] {
  const prefix = `courses/${draft.courseId}/`;
  const users: string[] = [];
  const escaped = id.replace(/[-]/g, '\\-');
  const tag = folder === 'case-studies' ? 'CaseStudy' : folder === 'quizzes' ? 'Quiz' : undefined;
  for (const [key, source] of Object.entries(draft.files)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    if (tag && rest.startsWith('lessons/') && new RegExp(`<${tag}\\s+[^>]*\\bid=["']${escaped}["']`).test(source)) {
      const title = parseLessonText(source).data?.title;
      users.push(`bài “${typeof title === 'string' ? title : rest}”`);
    }
    if (folder === 'question-banks' && rest.startsWith('quizzes/')) {
      const quiz = parseYamlText(source) as { bank?: unknown } | undefined;
      if (quiz?.bank === id) users.push(`bài kiểm tra “${titleOf(quiz, rest)}”`);
    }
  }
  return users;
}
