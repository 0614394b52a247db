/**
 * Reading an attendance list's first worksheet into rows of text. It runs in an upload worker
 * (attendance-job.ts) with a memory cap, after the zip checks: exceljs reads this workbook whole
 * into memory. Plain TypeScript with no database or Astro import, so Node runs it by stripping types.
 */
import ExcelJS from 'exceljs';
import { cellText, type SheetRow } from '../../spreadsheet/sheet-rows.ts';

/** The non-blank rows of the first worksheet (a file path or the bytes), or undefined when it is not a workbook. */
export async function parseAttendanceSheet(source: string | Buffer): Promise<SheetRow[] | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    if (typeof source === 'string') await workbook.xlsx.readFile(source);
    else await workbook.xlsx.load(source as unknown as ArrayBuffer);
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
