import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db.ts';
import { readiness } from '../../../../lib/server/observability/readiness.ts';
import type { ReadinessBody } from '../../../../schemas/api/health.ts';

export const prerender = false;

/**
 * Readiness check for a load balancer or orchestrator: 200 when the database answers, its
 * migrations are all applied and a build is loaded; 503 naming the failed checks otherwise.
 * /api/v1/health stays the cheap liveness check.
 */
export const GET: APIRoute = async () => {
  const { ready, failed, checks } = await readiness(getDb(), import.meta.env.DEV ? { buildId: 'astro dev' } : {});
  const body = { status: ready ? 'ready' : 'not-ready', failed, checks } satisfies ReadinessBody;
  return new Response(JSON.stringify(body), {
    status: ready ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};
