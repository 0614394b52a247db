/** GET /api/v1/health: liveness for the process supervisor, Caddy's health checks and the benchmarks' baseline. */
import type { Health } from '../../../schemas/api/health.ts';
import { answer } from '../api-http.ts';
import type { JsonEndpoint } from './endpoint.ts';

export const getHealth: JsonEndpoint = async () => answer(200, { status: 'ok' } satisfies Health);
