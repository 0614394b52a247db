/**
 * GET /h5p/<id>/tep/<version>/<path>: one file of an installed package version, public course
 * material, with the sandbox headers (an SVG opened directly runs no script) and an immutable
 * cache, since a version folder never changes.
 */
import type { APIRoute } from 'astro';
import { h5pNotFound, preflightResponse, serveFileFrom } from '../../../../../lib/server/h5p/serve-file.ts';
import { PACKAGE_ID_PATTERN } from '../../../../../lib/h5p/package-id.ts';
import { VERSION_PATTERN, versionFolder } from '../../../../../lib/server/h5p/storage.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, request }) => {
  const { id = '', version = '', path } = params;
  if (!PACKAGE_ID_PATTERN.test(id) || !VERSION_PATTERN.test(version)) return h5pNotFound();
  return serveFileFrom(versionFolder(id, version), path, request);
};

export const HEAD = GET;

export const OPTIONS: APIRoute = () => preflightResponse();
