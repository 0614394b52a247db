/** POST /api/v1/attempts/{id}/submit (src/lib/server/json-api/attempt-submit.ts says what it does). */
import { astroRoute } from '../../../../../lib/server/json-api/endpoint.ts';
import { postAttemptSubmit } from '../../../../../lib/server/json-api/attempt-submit.ts';

export const prerender = false;

export const POST = astroRoute(postAttemptSubmit);
