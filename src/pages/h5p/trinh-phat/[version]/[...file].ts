/**
 * GET /h5p/trinh-phat/<version>/<file>: the player's own files, h5p-standalone from the project's
 * node_modules and the bridge script, with the sandbox headers and an immutable cache (the URL
 * changes with the h5p-standalone version and the bridge's hash).
 */
import type { APIRoute } from 'astro';
import { fileHeaders } from '../../../../lib/server/h5p/sandbox-headers.ts';
import { h5pNotFound, preflightResponse, serveFileFrom } from '../../../../lib/server/h5p/serve-file.ts';
import {
  BRIDGE_FILE,
  BRIDGE_SOURCE,
  RUNTIME_EXTENSIONS,
  STANDALONE_VERSION,
  standaloneDist,
} from '../../../../lib/server/h5p/runtime.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, request }) => {
  if (params.version !== STANDALONE_VERSION) return h5pNotFound();
  if (params.file === BRIDGE_FILE) {
    return new Response(request.method === 'HEAD' ? null : BRIDGE_SOURCE, {
      headers: fileHeaders('text/javascript; charset=utf-8'),
    });
  }
  return serveFileFrom(standaloneDist(), params.file, request, { allowedExtensions: RUNTIME_EXTENSIONS });
};

export const HEAD = GET;

export const OPTIONS: APIRoute = () => preflightResponse();
