/**
 * The XLSX template for importing officials: the officials sheet and the "Danh mục" sheet with
 * the unit codes of the administrator's scope. With ?du-lieu=hien-co, filled with the officials
 * already recorded in that scope, to edit and import back.
 */
import type { APIRoute } from 'astro';
import { requireAdministrator } from '../../../lib/server/org/admin-guard.ts';
import { buildTemplateXlsx, officialsAsTemplateRows } from '../../../lib/server/officials-import/template.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const filled = url.searchParams.get('du-lieu') === 'hien-co';
  const rows = filled ? await officialsAsTemplateRows(guard.user) : [];
  const bytes = await buildTemplateXlsx(guard.user, rows);
  const name = filled ? 'danh-sach-can-bo-hien-co.xlsx' : 'mau-nhap-can-bo.xlsx';
  return new Response(bytes, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
