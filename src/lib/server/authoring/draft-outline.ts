/**
 * What a draft holds, read from its files: lessons in order, case studies, videos, question banks
 * and quizzes, with titles for the overview; and the file renames that add, move or delete a
 * lesson while keeping each lesson's slug (its id) stable. Pure.
 */
import { LESSON_FILE_PATTERN } from '../../content-paths.ts';
import { foldVietnamese } from '../../vietnamese.ts';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import { parseLessonText, parseYamlText } from '../../authoring/content-text.ts';

/** A lesson of a draft: its file name without extension ("01-gioi-thieu") and front matter. */
export interface OutlineLesson {
  key: string;
  file: string;
  number: number;
  slug: string;
  title: string;
  minutes: number | undefined;
  required: boolean;
}

/** A case study, video, question bank or quiz of a draft. */
export interface OutlineItem {
  key: string;
  id: string;
  title: string;
}

export interface DraftOutline {
  lessons: OutlineLesson[];
  caseStudies: OutlineItem[];
  videos: OutlineItem[];
  questionBanks: OutlineItem[];
  quizzes: OutlineItem[];
}

type DraftFiles = CourseDraft['files'];

function titleOf(data: unknown, fallback: string): string {
  const title = data && typeof data === 'object' ? (data as { title?: unknown }).title : undefined;
  return typeof title === 'string' && title.trim() ? title : fallback;
}

function itemsUnder(files: DraftFiles, prefix: string): OutlineItem[] {
  return Object.keys(files)
    .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
    .sort()
    .map((key) => {
      const id = key.slice(prefix.length).replace(/\.ya?ml$/, '');
      return { key, id, title: titleOf(parseYamlText(files[key]), id) };
    });
}

/** The draft file key of a lesson given its file name without extension. */
export function lessonKey(courseId: string, file: string): string {
  return `courses/${courseId}/lessons/${file}.mdx`;
}

/** The lessons of a draft, in course order. */
export function draftLessons(courseId: string, files: DraftFiles): OutlineLesson[] {
  const prefix = `courses/${courseId}/lessons/`;
  return Object.keys(files)
    .filter((key) => key.startsWith(prefix))
    .flatMap((key) => {
      const name = key.slice(prefix.length);
      const match = LESSON_FILE_PATTERN.exec(name);
      if (!match) return [];
      const { data } = parseLessonText(files[key]);
      const minutes = typeof data?.minutes === 'number' ? data.minutes : undefined;
      return [
        {
          key,
          file: name.replace(/\.mdx?$/, ''),
          number: Number(match[1]),
          slug: match[2],
          title: titleOf(data, match[2]),
          minutes,
          required: data?.required !== false,
        },
      ];
    })
    .sort((a, b) => a.number - b.number || a.slug.localeCompare(b.slug));
}

/** Everything a draft holds, for its overview page and the editor's pickers. */
export function draftOutline(draft: Pick<CourseDraft, 'courseId' | 'files'>): DraftOutline {
  const course = `courses/${draft.courseId}/`;
  return {
    lessons: draftLessons(draft.courseId, draft.files),
    caseStudies: itemsUnder(draft.files, `${course}case-studies/`),
    videos: itemsUnder(draft.files, 'videos/'),
    questionBanks: itemsUnder(draft.files, `${course}question-banks/`),
    quizzes: itemsUnder(draft.files, `${course}quizzes/`),
  };
}

/** A lower-case ASCII slug of Vietnamese text: "Tiếp công dân" → "tiep-cong-dan" (at most `max` chars). */
export function slugOf(text: string, max = 60): string {
  const slug = foldVietnamese(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '');
}

function numbered(index: number, slug: string): string {
  return `${String(index + 1).padStart(2, '0')}-${slug}`;
}

/**
 * The file changes that give `ordered` lessons the numbers 01, 02, … in that order: unchanged
 * names are left alone, renamed ones are deleted under the old key and written under the new.
 */
function renumber(
  courseId: string,
  files: DraftFiles,
  ordered: readonly OutlineLesson[],
): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  const writes: Record<string, string> = {};
  ordered.forEach((lesson, index) => {
    const key = lessonKey(courseId, numbered(index, lesson.slug));
    if (key === lesson.key) return;
    changes[lesson.key] = null;
    writes[key] = files[lesson.key];
  });
  return { ...changes, ...writes };
}

/** The changes that move a lesson one place up (-1) or down (+1); empty when it cannot move. */
export function moveLessonChanges(
  courseId: string,
  files: DraftFiles,
  file: string,
  direction: -1 | 1,
): Record<string, string | null> {
  const lessons = draftLessons(courseId, files);
  const index = lessons.findIndex((lesson) => lesson.file === file);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= lessons.length) return {};
  const ordered = [...lessons];
  [ordered[index], ordered[target]] = [ordered[target], ordered[index]];
  return renumber(courseId, files, ordered);
}

/** The changes that delete a lesson and close the gap in the numbering. */
export function deleteLessonChanges(courseId: string, files: DraftFiles, file: string): Record<string, string | null> {
  const lessons = draftLessons(courseId, files);
  const lesson = lessons.find((candidate) => candidate.file === file);
  if (!lesson) return {};
  const rest = lessons.filter((candidate) => candidate !== lesson);
  const remaining = { ...files };
  delete remaining[lesson.key];
  return { [lesson.key]: null, ...renumber(courseId, remaining, rest) };
}

/** The file name (without extension) a new lesson with this title gets: next number, unique slug. */
export function newLessonFile(courseId: string, files: DraftFiles, title: string): string {
  const lessons = draftLessons(courseId, files);
  const taken = new Set(lessons.map((lesson) => lesson.slug));
  const base = slugOf(title) || 'bai-hoc';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  const next = lessons.reduce((max, lesson) => Math.max(max, lesson.number), 0) + 1;
  return `${String(next).padStart(2, '0')}-${slug}`;
}
