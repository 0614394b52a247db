/** POST /api/v1/progress/events (src/lib/server/json-api/progress-events.ts says what it does). */
import { astroRoute } from '../../../../lib/server/json-api/endpoint.ts';
import { postProgressEvents } from '../../../../lib/server/json-api/progress-events.ts';

export const prerender = false;

export const POST = astroRoute(postProgressEvents);
