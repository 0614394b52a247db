/**
 * The officials workbook job, run in an upload worker (uploads/parse-worker.ts) by read-file.ts:
 * the zip checks first (spreadsheet/workbook-zip.ts), then the streaming read (parse-xlsx.ts).
 * Plain TypeScript that Node runs by stripping types; imports nothing that needs the database or Astro.
 */
import { ImportError } from '../../officials-import/errors.ts';
import { readXlsxRows } from './parse-xlsx.ts';
import type { SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { checkWorkbookZip, workbookSource, XLSX_ZIP_LIMITS } from '../spreadsheet/workbook-zip.ts';

export interface OfficialsXlsxJobInput {
  /** The workbook: a file path, or its bytes. */
  source: string | Uint8Array;
}

const UNREADABLE =
  'Không đọc được tệp Excel này. Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi tải lên lại.';

/** The officials sheet's rows (parse-xlsx.ts); `progress` hears the rows read so far. */
export async function run(input: OfficialsXlsxJobInput, progress: (rowsRead: number) => void): Promise<SheetRow[]> {
  const source = workbookSource(input.source);
  if (!(await checkWorkbookZip(source, XLSX_ZIP_LIMITS))) throw new ImportError(422, UNREADABLE);
  return readXlsxRows(source, progress);
}
