/** The signed-in official's own training record as XLSX; nobody else's can be asked for. */
import type { APIRoute } from 'astro';
import { notFoundResponse } from '../../lib/server/org/admin-guard.ts';
import { officialById, recordDownload } from '../../lib/server/records/official-record.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, redirect }) => {
  const user = locals.user;
  if (!user) return redirect('/dang-nhap/?next=/viec-hoc-cua-toi/ho-so/', 302);
  const official = user.officialId ? await officialById(user.officialId) : undefined;
  if (!official) return notFoundResponse();
  return recordDownload(official, 'xlsx');
};
