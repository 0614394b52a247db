import type { APIRoute } from 'astro';

export const prerender = false;

/** Liveness check for the process supervisor and the benchmarks' baseline. */
export const GET: APIRoute = () =>
  new Response(JSON.stringify({ status: 'ok' }), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
