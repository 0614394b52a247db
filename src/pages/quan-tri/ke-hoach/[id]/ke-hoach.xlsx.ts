/** The plan as an XLSX workbook in the form's layout; only for administrators of its unit. */
import type { APIRoute } from 'astro';
import { notFoundResponse, requireAdministrator } from '../../../../lib/server/org/admin-guard.ts';
import { planXlsx } from '../../../../lib/server/plans/plan-form.ts';
import { auditExport, findPlanInScope } from '../../../../lib/server/plans/plan-store.ts';
import { XLSX_CONTENT_TYPE, downloadResponse } from '../../../../lib/server/spreadsheet/xlsx.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url, params }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const found = await findPlanInScope(guard.user, params.id ?? '');
  if (!found) return notFoundResponse();
  const bytes = await planXlsx(
    { unitName: found.unit.name, title: found.plan.title, period: found.plan.period },
    found.items,
  );
  await auditExport(guard.user, found.unit.id, 'export:plan.xlsx', { planId: found.plan.id, rows: found.items.length });
  return downloadResponse(bytes, `ke-hoach-boi-duong-${found.unit.code}-${found.plan.period}.xlsx`, XLSX_CONTENT_TYPE);
};
