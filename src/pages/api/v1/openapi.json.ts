/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 description of the JSON API, built at build time from
 * the operations and zod schemas in src/schemas/api/ (to describe a new endpoint, add it to
 * API_OPERATIONS in src/schemas/api/operations.ts).
 */
import type { APIRoute } from 'astro';
import { openApiDocument } from '../../../schemas/api/openapi.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(JSON.stringify(openApiDocument(), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
