/**
 * The CSV template for importing officials: UTF-8 with a byte order mark, so Excel shows the
 * Vietnamese headers correctly. With ?du-lieu=hien-co, filled with the officials already
 * recorded in the administrator's scope.
 */
import type { APIRoute } from 'astro';
import { requireAdministrator } from '../../../lib/server/org/admin-guard.ts';
import { buildTemplateCsv, officialsAsTemplateRows } from '../../../lib/server/officials-import/template.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const filled = url.searchParams.get('du-lieu') === 'hien-co';
  const rows = filled ? await officialsAsTemplateRows(guard.user) : [];
  const name = filled ? 'danh-sach-can-bo-hien-co.csv' : 'mau-nhap-can-bo.csv';
  return new Response(buildTemplateCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
