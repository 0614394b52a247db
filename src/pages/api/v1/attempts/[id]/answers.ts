/** PUT /api/v1/attempts/{id}/answers (src/lib/server/json-api/attempt-answers.ts says what it does). */
import { astroRoute } from '../../../../../lib/server/json-api/endpoint.ts';
import { putAttemptAnswers } from '../../../../../lib/server/json-api/attempt-answers.ts';

export const prerender = false;

export const PUT = astroRoute(putAttemptAnswers);
