/**
 * Reads the officials sheet of an XLSX workbook with exceljs's streaming reader, row by row,
 * so a 50,000-row file never sits in memory as a whole workbook. The sheet used is the first
 * whose first non-blank row names the "Mã cán bộ" column (the template's second sheet, the
 * lists of codes, is skipped); cells become text the way the administrator sees them.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ImportError, MAX_ROWS } from '../../officials-import/errors.ts';
import { isBlankRow, looksLikeHeader, tooManyRows } from '../../officials-import/sheet.ts';
import { cellText, type SheetRow } from '../../spreadsheet/sheet-rows.ts';

/** Lets other requests run during a long read (and keeps libSQL's memory flat, see stack notes). */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The rows of the officials sheet: the header row first, blank rows dropped. Calls `onRow`
 * with the count of rows read every 1,000 rows. Refuses a file that is not a workbook or holds
 * more than MAX_ROWS data rows. `source` is a file path or the bytes. Runs in an upload worker with
 * a memory cap, after the zip checks (xlsx-job.ts), so it imports no database or Astro module.
 */
export async function readXlsxRows(
  source: string | Uint8Array,
  onRow?: (rowsRead: number) => void,
): Promise<SheetRow[]> {
  const input =
    typeof source === 'string'
      ? createReadStream(source)
      : Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell date cells from numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let firstSheet: SheetRow[] | undefined;
  try {
    for await (const worksheet of reader) {
      const rows: SheetRow[] = [];
      let header: boolean | undefined;
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        // row.values is 1-based (index 0 is empty) and sparse.
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        if (isBlankRow(cells)) continue;
        if (header === undefined) {
          header = looksLikeHeader(cells);
          if (!header && firstSheet) break;
        }
        rows.push({ row: row.number, cells });
        if (rows.length > MAX_ROWS + 1) throw tooManyRows();
        if (rows.length % 1000 === 0) {
          onRow?.(rows.length);
          await yieldToEventLoop();
        }
        if (!header && rows.length > 1) break; // the first rows are enough to report a wrong header
      }
      if (header) {
        onRow?.(rows.length);
        return rows;
      }
      firstSheet ??= rows;
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      422,
      'Không đọc được tệp Excel này. Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi tải lên lại.',
    );
  } finally {
    // Stopping at the header sheet leaves the rest unread: close the file.
    input.destroy();
  }
  // No sheet has the template's header: report the first sheet's (sheet.ts names what is missing).
  return firstSheet ?? [];
}
