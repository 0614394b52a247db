/**
 * A draft shown as it will be published. The preview page puts one of these on Astro.locals before
 * rendering, and the lesson components look items up in it before the live collections. Pure.
 */
import type { CaseStudy } from '../schemas/case-study.ts';
import type { Quiz } from '../schemas/quiz.ts';
import type { Video } from '../schemas/video.ts';
import { caseStudyUrl, courseUrl, lessonUrl, quizUrl } from './content-paths.ts';

/** The draft's own versions of the items lessons embed, keyed by id. */
export interface ContentPreview {
  draftId: string;
  courseId: string;
  /** Draft videos, their media paths already pointing at the draft media route where uploaded. */
  videos: ReadonlyMap<string, Video>;
  caseStudies: ReadonlyMap<string, CaseStudy>;
  /** The course's quizzes by file name (the id lessons use in <Quiz id="…" />). */
  quizzes: ReadonlyMap<string, Quiz>;
  /** The URL a media path ("/media/videos/x.mp4") is served from in this preview. */
  mediaUrl(path: string): string;
  links: ContentLinks;
}

/** Where the links of a course's pages go: the live site, or the same draft's preview. */
export interface ContentLinks {
  course(courseId: string): string;
  lesson(lessonId: string): string;
  caseStudy(courseId: string, caseStudyId: string): string;
  quiz(quizId: string): string;
}

/** Links of the published site. */
export const PUBLISHED_LINKS: ContentLinks = {
  course: courseUrl,
  lesson: lessonUrl,
  caseStudy: caseStudyUrl,
  quiz: quizUrl,
};
