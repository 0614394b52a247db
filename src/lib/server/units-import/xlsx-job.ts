/**
 * The unit list workbook job, run in an upload worker (uploads/parse-worker.ts) by read-file.ts:
 * the zip checks first, then exceljs's streaming reader over the first sheet whose first
 * non-blank row names the "Mã đơn vị" and "Tên đơn vị" columns (the template's "Danh mục" sheet
 * is skipped). Plain TypeScript run by stripping types: no database or Astro module.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { ImportError } from '../../officials-import/errors.ts';
import { looksLikeUnitHeader, MAX_UNIT_ROWS } from '../../org/unit-import-rows.ts';
import { cellText, type SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { checkWorkbookZip, workbookSource, XLSX_ZIP_LIMITS } from '../spreadsheet/workbook-zip.ts';

export interface UnitsXlsxJobInput {
  /** The workbook: a file path, or its bytes. */
  source: string | Uint8Array;
}

const UNREADABLE =
  'Không đọc được tệp Excel này. Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi tải lên lại.';

/** The unit sheet's rows, header first (blank rows dropped). */
export async function run(input: UnitsXlsxJobInput, progress: (rowsRead: number) => void): Promise<SheetRow[]> {
  const source = workbookSource(input.source);
  if (!(await checkWorkbookZip(source, XLSX_ZIP_LIMITS))) throw new ImportError(422, UNREADABLE);
  const stream = typeof source === 'string' ? createReadStream(source) : Readable.from([Buffer.from(source)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
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
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        if (cells.every((cell) => cell.trim() === '')) continue;
        header ??= looksLikeUnitHeader(cells);
        rows.push({ row: row.number, cells });
        if (!header && rows.length > 1) break;
        if (rows.length > MAX_UNIT_ROWS + 1)
          throw new ImportError(
            422,
            `Tệp có quá ${MAX_UNIT_ROWS.toLocaleString('vi-VN')} dòng. Hãy chia thành nhiều tệp nhỏ hơn.`,
          );
        if (rows.length % 1000 === 0) progress(rows.length);
      }
      if (header) return rows;
      firstSheet ??= rows;
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(422, UNREADABLE);
  } finally {
    stream.destroy();
  }
  return firstSheet ?? [];
}
