/** Every bad row of the administrator's own import, as CSV (UTF-8 with BOM): row, staff code, reasons. */
import type { APIRoute } from 'astro';
import { requireAdministrator } from '../../../../lib/server/org/admin-guard.ts';
import { toCsv } from '../../../../lib/spreadsheet/csv.ts';
import { findImport } from '../../../../lib/server/officials-import/preview.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, params, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const record = await findImport(guard.user, params.id ?? '');
  if (!record)
    return new Response('Không tìm thấy.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const lines = [
    ['Dòng', 'Mã cán bộ', 'Lý do'],
    ...record.problems.map((problem) => [String(problem.row), problem.staffCode, problem.reasons.join(' ')]),
  ];
  return new Response(toCsv(lines), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="dong-loi.csv"',
      'Cache-Control': 'private, no-store',
    },
  });
};
