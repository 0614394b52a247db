/**
 * The attendance workbook job, run in an upload worker (uploads/parse-worker.ts) by
 * attendance-import.ts: the zip checks first (spreadsheet/workbook-zip.ts), then exceljs reads the
 * first sheet whole (attendance-sheet.ts). Plain TypeScript that Node runs by stripping types;
 * imports nothing that needs the database or Astro.
 */
import { parseAttendanceSheet } from './attendance-sheet.ts';
import type { SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { checkWorkbookZip, workbookSource, XLSX_ZIP_LIMITS } from '../spreadsheet/workbook-zip.ts';
import type { ZipLimits } from '../uploads/zip-limits.ts';

/** Attendance lists are a class's attendees (hundreds of rows), and exceljs reads them whole into memory. */
const ATTENDANCE_ZIP_LIMITS: ZipLimits = {
  ...XLSX_ZIP_LIMITS,
  maxEntryBytes: 40 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
};

export interface AttendanceJobInput {
  /** The workbook's bytes. */
  source: Uint8Array;
}

/** The first sheet's non-blank rows, or undefined when the file is not a workbook. */
export async function run(input: AttendanceJobInput): Promise<SheetRow[] | undefined> {
  const source = workbookSource(input.source);
  if (!(await checkWorkbookZip(source, ATTENDANCE_ZIP_LIMITS))) return undefined;
  return parseAttendanceSheet(source);
}
