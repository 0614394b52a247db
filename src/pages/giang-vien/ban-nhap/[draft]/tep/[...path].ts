/** A draft's uploaded media file, for its preview: same access as the draft itself. */
import type { APIRoute } from 'astro';
import { findVisibleDraft } from '../../../../../lib/server/preview/open-preview.ts';
import { serveDraftMedia } from '../../../../../lib/server/preview/serve-draft-media.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url, params, request }) => {
  const opened = await findVisibleDraft(locals.user, url, params.draft);
  if ('response' in opened) return opened.response;
  return serveDraftMedia(opened.draft, params.path, request);
};

export const HEAD = GET;
