/**
 * Importing a class's attendance list from an XLSX file: read the first sheet, validate every row
 * against the officials of the administrator's scope, then write all rows or none.
 */
import ExcelJS from 'exceljs';
import type { TrainingClass } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { cellText } from '../officials-import/parse-xlsx.ts';
import { ATTENDANCE_COLUMNS, foldText, validateAttendanceRows, type RowError, type SheetRow } from './attendance-rows.ts';
import { officialsByCodeInScope, recordAttendances } from './class-store.ts';

export const MAX_ATTENDANCE_BYTES = 2 * 1024 * 1024;

/** The outcome: how many attendees were recorded, or every error (nothing written). */
export type AttendanceImportResult = { ok: true; recorded: number } | { ok: false; errors: RowError[] };

/** The non-blank rows of the first worksheet, cells as the text a person reads. */
export async function readAttendanceSheet(bytes: Uint8Array): Promise<SheetRow[] | undefined> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return undefined;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return undefined;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    const cells: string[] = [];
    for (let column = 1; column < Math.max(values.length, 6); column++) cells.push(cellText(values[column]).trim());
    if (cells.some((cell) => cell !== '')) rows.push({ row: row.number, cells });
  });
  return rows;
}

/** Imports an attendance list into a class already found in the user's scope. */
export async function importAttendance(user: SessionUser, trainingClass: TrainingClass, bytes: Uint8Array): Promise<AttendanceImportResult> {
  const rows = await readAttendanceSheet(bytes);
  if (!rows) return { ok: false, errors: [{ row: 0, message: 'Không đọc được tệp. Hãy chọn tệp Excel (.xlsx) theo mẫu: Mã cán bộ, Họ và tên, Kết quả, Điểm, Số chứng chỉ.' }] };
  const codeColumn = Math.max(0, rows[0]?.cells.findIndex((cell) => foldText(cell) === foldText(ATTENDANCE_COLUMNS[0])) ?? 0);
  const officials = await officialsByCodeInScope(user, rows.slice(1).map((row) => row.cells[codeColumn] ?? ''));
  const checked = validateAttendanceRows(rows, officials);
  if ('errors' in checked) return { ok: false, errors: checked.errors };
  await recordAttendances(user, trainingClass, checked.attendances, 'import-attendance');
  return { ok: true, recorded: checked.attendances.length };
}
