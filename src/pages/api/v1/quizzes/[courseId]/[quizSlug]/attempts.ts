/** POST /api/v1/quizzes/{courseId}/{quizSlug}/attempts (src/lib/server/json-api/quiz-start.ts says what it does). */
import { astroRoute } from '../../../../../../lib/server/json-api/endpoint.ts';
import { postQuizAttempt } from '../../../../../../lib/server/json-api/quiz-start.ts';

export const prerender = false;

export const POST = astroRoute(postQuizAttempt);
