/**
 * The lesson editor ↔ a lesson file: front matter from the form checked with LessonSchema, the body
 * checked with the build's own lesson-body check against what the draft and the live site hold.
 * A draft may be saved with problems; publishing refuses them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import { checkLessonBody, refusedProblems } from '../../lesson-body-check.ts';
import { LessonSchema } from '../../../schemas/lesson.ts';
import type { FormProblem } from '../../authoring-forms/course-form.ts';
import { lessonText, parseLessonText } from '../../authoring/content-text.ts';
import { siteRoot } from './draft-files.ts';

/** What the lesson editor sends. */
export interface LessonFormInput {
  title?: string;
  summary?: string;
  minutes?: string;
  required?: string;
  body?: string;
}

/** The values the editor shows. */
export interface LessonFormValues {
  title: string;
  summary: string;
  minutes: string;
  required: boolean;
  body: string;
}

/** The editor's values from a lesson file's text. */
export function lessonFormValues(textOfFile: string | undefined): LessonFormValues {
  if (textOfFile === undefined) return { title: '', summary: '', minutes: '10', required: true, body: '' };
  const { data, body } = parseLessonText(textOfFile);
  const value = (key: string) => (data?.[key] === undefined || data?.[key] === null ? '' : String(data[key]));
  return {
    title: value('title'),
    summary: value('summary'),
    minutes: value('minutes'),
    required: data?.required !== false,
    body,
  };
}

function idsIn(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => name.replace(/\.ya?ml$/, ''))
    : [];
}

/** Ids of the live case studies of every course (case study ids are unique site-wide). */
function liveCaseStudyIds(root: string): string[] {
  const courses = join(root, 'content', 'courses');
  if (!existsSync(courses)) return [];
  return readdirSync(courses).flatMap((course) => idsIn(join(courses, course, 'case-studies')));
}

/**
 * The lesson file's text from the form, and every problem the build would report for it (front
 * matter by field id, body problems under "body" with their line).
 */
export function lessonFromForm(
  draft: Pick<CourseDraft, 'courseId' | 'files' | 'media'>,
  file: string,
  form: LessonFormInput,
  root = siteRoot(),
): { text: string; problems: FormProblem[]; refused: boolean } {
  const minutesText = form.minutes?.trim().replace(',', '.');
  const minutes = minutesText ? (Number.isFinite(Number(minutesText)) ? Number(minutesText) : minutesText) : undefined;
  const data = Object.fromEntries(
    Object.entries({
      title: form.title?.trim(),
      summary: form.summary?.trim(),
      minutes,
      required: form.required === 'true' || form.required === 'on',
    }).filter(([, value]) => value !== undefined && value !== ''),
  );
  const body = (form.body ?? '').replace(/\r\n/g, '\n');
  const problems: FormProblem[] = [];
  const parsed = LessonSchema.safeParse(data);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push({ field: String(issue.path[0] ?? 'title'), message: issue.message });

  const draftVideoIds = Object.keys(draft.files)
    .filter((key) => key.startsWith('videos/'))
    .map((key) => key.slice('videos/'.length).replace(/\.ya?ml$/, ''));
  const draftCaseStudyIds = Object.keys(draft.files)
    .filter((key) => key.startsWith(`courses/${draft.courseId}/case-studies/`))
    .map((key) =>
      key
        .split('/')
        .at(-1)!
        .replace(/\.ya?ml$/, ''),
    );
  const quizIds = Object.keys(draft.files)
    .filter((key) => key.startsWith(`courses/${draft.courseId}/quizzes/`))
    .map((key) =>
      key
        .split('/')
        .at(-1)!
        .replace(/\.ya?ml$/, ''),
    );
  const bodyProblems = checkLessonBody(body, {
    quizIds: new Set(quizIds),
    file: `courses/${draft.courseId}/lessons/${file}.mdx`,
    videoIds: new Set([...idsIn(join(root, 'content', 'videos')), ...draftVideoIds]),
    caseStudyIds: new Set([...liveCaseStudyIds(root), ...draftCaseStudyIds]),
    publicFileExists: (href) => draft.media.includes(href.replace(/^\//, '')) || existsSync(join(root, 'public', href)),
  });
  for (const problem of bodyProblems)
    problems.push({ field: 'body', message: `Nội dung, ${problem.field}: ${problem.message}` });
  return { text: lessonText(data, body), problems, refused: refusedProblems(bodyProblems).length > 0 };
}

/** Handouts a lesson may offer for download: the draft's uploads and the live site's, as "/media/handouts/x". */
export function handoutChoices(draft: Pick<CourseDraft, 'media'>, root = siteRoot()): string[] {
  const dir = join(root, 'public', 'media', 'handouts');
  const live = existsSync(dir) ? readdirSync(dir).map((name) => `/media/handouts/${name}`) : [];
  const uploaded = draft.media.filter((path) => path.startsWith('media/handouts/')).map((path) => `/${path}`);
  return [...new Set([...uploaded, ...live])].sort();
}
