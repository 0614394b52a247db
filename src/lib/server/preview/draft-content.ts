/**
 * A draft's files read as the content collections would read them once published: the course,
 * its lessons in file order, case studies, quizzes and the videos it carries. Items that do not
 * pass their schema are left out and listed as problems, so the preview can say what to fix.
 */
import type { CourseDraft } from '../../../../db/schema/index.ts';
import { CaseStudySchema, type CaseStudy } from '../../../schemas/case-study.ts';
import { CourseSchema, type Course } from '../../../schemas/course.ts';
import { LessonSchema, type Lesson } from '../../../schemas/lesson.ts';
import { QuizSchema, type Quiz } from '../../../schemas/quiz.ts';
import { VideoSchema, type Video } from '../../../schemas/video.ts';
import { LESSON_FILE_PATTERN, lessonIdFromPath, lessonOrderFromPath } from '../../content-paths.ts';
import type { ContentLinks, ContentPreview } from '../../content-preview.ts';
import { parseLessonText, parseYamlText } from '../../authoring/content-text.ts';

/** A lesson of a draft: its id as it will be published, its file name, front matter and body. */
export interface DraftLesson {
  id: string;
  /** The file name without extension ("01-gioi-thieu"): the preview URL's last part. */
  file: string;
  /** Draft key of the file. */
  key: string;
  data: Lesson;
  body: string;
}

export interface DraftContent {
  course: { id: string; data: Course } | undefined;
  lessons: DraftLesson[];
  caseStudies: { id: string; data: CaseStudy }[];
  quizzes: { quizId: string; slug: string; quiz: Quiz }[];
  videos: Map<string, Video>;
  /** Files left out because they do not pass their schema (draft keys). */
  invalidFiles: string[];
}

/** The base URL of a draft's preview pages. */
export function previewBase(draftId: string): string {
  return `/giang-vien/ban-nhap/${draftId}/xem-truoc/`;
}

/** The URL a draft's uploaded media file is served from. */
export function draftMediaUrl(draftId: string, publicPath: string): string {
  return `/giang-vien/ban-nhap/${draftId}/tep/${publicPath.replace(/^\/+/, '')}`;
}

/** Reads every file of a draft. Pure. */
export function readDraftContent(draft: Pick<CourseDraft, 'courseId' | 'files' | 'media' | 'id'>): DraftContent {
  const prefix = `courses/${draft.courseId}/`;
  const content: DraftContent = {
    course: undefined,
    lessons: [],
    caseStudies: [],
    quizzes: [],
    videos: new Map(),
    invalidFiles: [],
  };
  const media = new Set(draft.media.map((path) => path.replace(/^\/+/, '')));
  const mediaUrl = (path: string) => (media.has(path.replace(/^\/+/, '')) ? draftMediaUrl(draft.id, path) : path);
  for (const [key, text] of Object.entries(draft.files).sort(([a], [b]) => a.localeCompare(b))) {
    const fileName = key.split('/').at(-1) ?? '';
    const slug = fileName.replace(/\.(ya?ml|mdx?)$/, '');
    if (key === `${prefix}course.yaml`) {
      const parsed = CourseSchema.safeParse(parseYamlText(text) ?? {});
      if (parsed.success) content.course = { id: draft.courseId, data: parsed.data };
      else content.invalidFiles.push(key);
    } else if (key.startsWith(`${prefix}lessons/`) && LESSON_FILE_PATTERN.test(fileName)) {
      const { data, body } = parseLessonText(text);
      const parsed = LessonSchema.safeParse(data ?? {});
      if (parsed.success)
        content.lessons.push({
          id: lessonIdFromPath(key.slice('courses/'.length)),
          file: slug,
          key,
          data: parsed.data,
          body,
        });
      else content.invalidFiles.push(key);
    } else if (key.startsWith(`${prefix}case-studies/`)) {
      const parsed = CaseStudySchema.safeParse(parseYamlText(text) ?? {});
      if (parsed.success) content.caseStudies.push({ id: slug, data: parsed.data });
      else content.invalidFiles.push(key);
    } else if (key.startsWith(`${prefix}quizzes/`)) {
      const parsed = QuizSchema.safeParse(parseYamlText(text) ?? {});
      if (parsed.success) content.quizzes.push({ quizId: `${draft.courseId}/${slug}`, slug, quiz: parsed.data });
      else content.invalidFiles.push(key);
    } else if (key.startsWith('videos/')) {
      const parsed = VideoSchema.safeParse(parseYamlText(text) ?? {});
      if (!parsed.success) {
        content.invalidFiles.push(key);
        continue;
      }
      const video = parsed.data;
      content.videos.set(slug, {
        ...video,
        sources: video.sources.map((source) => ({ ...source, src: mediaUrl(source.src) })),
        captions: mediaUrl(video.captions),
        poster: mediaUrl(video.poster),
      });
    }
  }
  content.lessons.sort((a, b) => lessonOrderFromPath(a.key) - lessonOrderFromPath(b.key));
  content.caseStudies.sort((a, b) => a.data.title.localeCompare(b.data.title, 'vi'));
  content.quizzes.sort(
    (a, b) => Number(b.quiz.final) - Number(a.quiz.final) || a.quiz.title.localeCompare(b.quiz.title, 'vi'),
  );
  return content;
}

/** Links that keep a reader inside the draft's preview. */
export function previewLinks(draftId: string, content: DraftContent): ContentLinks {
  const base = previewBase(draftId);
  const fileOf = new Map(content.lessons.map((lesson) => [lesson.id, lesson.file]));
  return {
    course: () => base,
    lesson: (lessonId) => `${base}bai/${fileOf.get(lessonId) ?? lessonId.slice(lessonId.indexOf('/') + 1)}/`,
    caseStudy: (_courseId, caseStudyId) => `${base}tinh-huong/${caseStudyId}/`,
    // Quizzes are not previewed: the link opens the draft's quiz editor.
    quiz: (quizId) => `/giang-vien/ban-nhap/${draftId}/kiem-tra/${quizId.slice(quizId.indexOf('/') + 1)}/`,
  };
}

/** The context the lesson components read from Astro.locals during a preview. */
export function contentPreviewOf(
  draft: Pick<CourseDraft, 'id' | 'courseId' | 'media'>,
  content: DraftContent,
): ContentPreview {
  const media = new Set(draft.media.map((path) => path.replace(/^\/+/, '')));
  return {
    draftId: draft.id,
    courseId: draft.courseId,
    videos: content.videos,
    caseStudies: new Map(content.caseStudies.map((study) => [study.id, study.data])),
    quizzes: new Map(content.quizzes.map((entry) => [entry.slug, entry.quiz])),
    mediaUrl: (path) => (media.has(path.replace(/^\/+/, '')) ? draftMediaUrl(draft.id, path) : path),
    links: previewLinks(draft.id, content),
  };
}
