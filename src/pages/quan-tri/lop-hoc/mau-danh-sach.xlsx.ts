/** The template of a class's attendance list: the five columns and one example row. */
import type { APIRoute } from 'astro';
import { ATTENDANCE_COLUMNS } from '../../../lib/classes/attendance-rows.ts';
import { requireAdministrator } from '../../../lib/server/org/admin-guard.ts';
import { XLSX_CONTENT_TYPE, downloadResponse, tableXlsx } from '../../../lib/server/spreadsheet/xlsx.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const guard = requireAdministrator(locals.user, url);
  if ('response' in guard) return guard.response;
  const bytes = await tableXlsx(
    'Danh sách học viên',
    ATTENDANCE_COLUMNS.map((header) => ({ header, width: header === 'Họ và tên' ? 28 : 16 })),
    [['SL-QL-001', 'Nguyễn Văn A', 'Hoàn thành', 8.5, 'CC-2026-001']],
  );
  return downloadResponse(bytes, 'mau-danh-sach-hoc-vien.xlsx', XLSX_CONTENT_TYPE);
};
