/** GET /api/v1/me/progress (src/lib/server/json-api/my-progress.ts says what it does). */
import { astroRoute } from '../../../../lib/server/json-api/endpoint.ts';
import { getMyProgress } from '../../../../lib/server/json-api/my-progress.ts';

export const prerender = false;

export const GET = astroRoute(getMyProgress);
