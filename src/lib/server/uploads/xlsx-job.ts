/**
 * The XLSX upload job run in a worker (parse-worker.ts): the zip checks first (zip-limits.ts:
 * sizes, ratios, local headers as listed, every entry inflated and counted), then exceljs. Plain
 * TypeScript that Node runs by stripping types; imports nothing that needs the database or Astro.
 */
import { readXlsxRows } from '../officials-import/parse-xlsx.ts';
import { ImportError } from '../officials-import/errors.ts';
import { parseAttendanceSheet } from '../classes/attendance-sheet.ts';
import { ATTENDANCE_ZIP_LIMITS, checkZipLimits, XLSX_ZIP_LIMITS, ZipLimitError } from './zip-limits.ts';

export interface XlsxJobInput {
  kind: 'officials' | 'attendance';
  /** The workbook: a file path, or its bytes. */
  source: string | Uint8Array;
}

const UNREADABLE = 'Không đọc được tệp Excel này. Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi tải lên lại.';

/** Officials: the sheet's rows (parse-xlsx.ts). Attendance: the first sheet's rows, or undefined when not a workbook. */
export async function run(input: XlsxJobInput, progress: (rowsRead: number) => void): Promise<unknown> {
  const source = typeof input.source === 'string' ? input.source : Buffer.from(input.source.buffer, input.source.byteOffset, input.source.byteLength);
  try {
    await checkZipLimits(source, input.kind === 'officials' ? XLSX_ZIP_LIMITS : ATTENDANCE_ZIP_LIMITS, { label: 'Tệp Excel này', layout: true });
  } catch (error) {
    if (!(error instanceof ZipLimitError)) throw error;
    if (error.kind !== 'unreadable') throw new ImportError(422, error.message);
    if (input.kind === 'attendance') return undefined;
    throw new ImportError(422, UNREADABLE);
  }
  if (input.kind === 'attendance') return parseAttendanceSheet(source);
  return readXlsxRows(source, progress);
}
