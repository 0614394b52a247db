import type { APIRoute } from 'astro';
import type { Health } from '../../../schemas/api/health.ts';

export const prerender = false;

/** Liveness check for the process supervisor and the benchmarks' baseline. */
export const GET: APIRoute = () =>
  new Response(JSON.stringify({ status: 'ok' } satisfies Health), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
