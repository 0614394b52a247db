/**
 * A JSON endpoint written once and served two ways: as an Astro API route (astroRoute, for
 * `astro dev` and for whatever the hot path leaves to Astro) and on the hot path of
 * scripts/serve.mjs (src/lib/server/hot-path/), which answers the busiest JSON routes straight
 * from node:http without Astro's page pipeline. Both hand the endpoint the same call and write
 * the same answer, so the two can never drift apart.
 */
import type { APIRoute } from 'astro';
import type { SessionUser } from '../auth/sessions.ts';
import { jsonResponse, readJsonBody, type BodyRead, type JsonAnswer } from '../api-http.ts';

/** What an endpoint may know of its request. */
export interface JsonCall {
  /** The signed-in user, from the session cookie; undefined when signed out. */
  user: SessionUser | undefined;
  /** The route's parameters ({id} of /api/v1/attempts/{id}/answers). */
  params: Readonly<Record<string, string | undefined>>;
  query: URLSearchParams;
  /** The Content-Type header, or null. */
  contentType: string | null;
  /** Reads the JSON body, refusing one over `maxBytes` without buffering more. */
  readJson(maxBytes: number): Promise<BodyRead>;
}

export type JsonEndpoint = (call: JsonCall) => Promise<JsonAnswer>;

/** The endpoint as an Astro API route. */
export function astroRoute(endpoint: JsonEndpoint): APIRoute {
  return async ({ locals, params, url, request }) => {
    const result = await endpoint({
      user: locals.user,
      params,
      query: url.searchParams,
      contentType: request.headers.get('content-type'),
      readJson: (maxBytes) => readJsonBody(request, maxBytes),
    });
    return jsonResponse(result.status, result.body, result.headers);
  };
}
