/** GET /api/v1/health (src/lib/server/json-api/health.ts). */
import { astroRoute } from '../../../lib/server/json-api/endpoint.ts';
import { getHealth } from '../../../lib/server/json-api/health.ts';

export const prerender = false;

export const GET = astroRoute(getHealth);
