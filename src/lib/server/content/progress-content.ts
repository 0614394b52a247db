/**
 * The published content as progress needs it, read once from the content collections: the
 * content is part of the build, so a running server never sees it change.
 */
import { getCollection } from 'astro:content';
import { courseIdOf, lessonsByCourse, publishedCourses } from './courses.ts';
import { finalQuizOf } from '../../assessment/quiz-catalog.ts';
import { quizCatalog } from './quizzes.ts';
import { quizUrl } from '../../content-paths.ts';
import { courseRequirements, type CaseStudyRequirement, type CourseRequirements, type ProgressContent } from '../../progress/requirements.ts';

let loaded: Promise<ProgressContent> | undefined;

/** Courses, lessons, final tests, videos and case studies of the published site (cached for the process). */
export function progressContent(): Promise<ProgressContent> {
  loaded ??= loadProgressContent().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function loadProgressContent(): Promise<ProgressContent> {
  const [courses, lessonsGrouped, videos, caseStudies, quizzes] = await Promise.all([
    publishedCourses(),
    lessonsByCourse(),
    getCollection('videos'),
    getCollection('caseStudies'),
    quizCatalog(),
  ]);
  const requirements = new Map<string, CourseRequirements>();
  const lessonCourse = new Map<string, string>();
  for (const course of courses) {
    const lessons = lessonsGrouped.get(course.id) ?? [];
    const finalQuiz = finalQuizOf(quizzes, course.id);
    requirements.set(
      course.id,
      courseRequirements(
        { courseId: course.id, title: course.data.title },
        lessons.map((lesson) => ({ lessonId: lesson.id, title: lesson.data.title, required: lesson.data.required, body: lesson.body ?? '' })),
        finalQuiz ? { quizId: finalQuiz.quizId, title: finalQuiz.quiz.title, url: quizUrl(finalQuiz.quizId) } : null,
      ),
    );
    for (const lesson of lessons) lessonCourse.set(lesson.id, course.id);
  }
  const studies = new Map<string, CaseStudyRequirement>();
  for (const study of caseStudies) {
    const courseId = courseIdOf(study);
    if (!requirements.has(courseId)) continue;
    const options = new Map(study.data.decisions.map((decision) => [decision.id, new Set(decision.options.map((option) => option.id))]));
    studies.set(study.id, { courseId, options });
  }
  return {
    courses: requirements,
    lessonCourse,
    videoDurations: new Map(videos.map((video) => [video.id, video.data.durationSeconds])),
    caseStudies: studies,
  };
}
