/** The XLSX template of the unit list import, with the "Danh mục" sheet of kinds and existing units. */
import type { APIRoute } from 'astro';
import { notFoundResponse, requireAdministrator } from '../../../../lib/server/org/admin-guard.ts';
import { unitManagementPaths } from '../../../../lib/org/unit-rules.ts';
import { buildUnitTemplateXlsx } from '../../../../lib/server/units-import/template.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  if (unitManagementPaths(guard.user).length === 0) return notFoundResponse();
  return new Response(await buildUnitTemplateXlsx(guard.user), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': 'attachment; filename="mau-nhap-don-vi.xlsx"',
      'Cache-Control': 'private, no-store',
    },
  });
};
