/**
 * The quiz catalog of the published site. Banks are bundled into the server build as raw text, so
 * they are read only on the server and never copied to the client.
 */
import { publishedCourses } from './courses.ts';
import { buildQuizCatalog, type QuizCatalog } from '../../assessment/quiz-catalog.ts';

const texts = import.meta.glob<string>(['/content/courses/*/question-banks/*.yaml', '/content/courses/*/quizzes/*.yaml'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

let loaded: Promise<QuizCatalog> | undefined;

/** Quizzes and banks of the published courses (cached for the process). */
export function quizCatalog(): Promise<QuizCatalog> {
  loaded ??= publishedCourses()
    .then((courses) => buildQuizCatalog(texts, new Set(courses.map((course) => course.id))))
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}
