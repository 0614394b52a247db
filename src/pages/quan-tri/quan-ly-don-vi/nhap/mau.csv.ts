/** The CSV template of the unit list import (UTF-8 with BOM). */
import type { APIRoute } from 'astro';
import { notFoundResponse, requireAdministrator } from '../../../../lib/server/org/admin-guard.ts';
import { unitManagementPaths } from '../../../../lib/org/unit-rules.ts';
import { buildUnitTemplateCsv } from '../../../../lib/server/units-import/template.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  if (unitManagementPaths(guard.user).length === 0) return notFoundResponse();
  return new Response(buildUnitTemplateCsv(), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="mau-nhap-don-vi.csv"',
      'Cache-Control': 'private, no-store',
    },
  });
};
