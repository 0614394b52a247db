/**
 * Shared XLSX helpers for exports (exceljs): the content type, a plain one-sheet table with a bold
 * header, and the HTTP response that sends a workbook or a CSV as a download.
 */
import ExcelJS from 'exceljs';
import { toCsv, type CsvValue } from '../../spreadsheet/csv.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A column of a simple table export. */
export interface TableColumn {
  header: string;
  width?: number;
  /** Excel number format, e.g. '#,##0.0' or 'dd/mm/yyyy'. */
  numFmt?: string;
}

/** A one-sheet workbook: a bold, frozen header row, then the rows as given. */
export async function tableXlsx(
  sheetName: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly (CsvValue | Date)[])[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Học Liệu Số';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width ?? 16,
    style: column.numFmt ? { numFmt: column.numFmt } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((value) => (value === undefined ? null : value)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The download response for bytes or CSV text, private and never cached. */
export function downloadResponse(body: Uint8Array | string, fileName: string, contentType: string): Response {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]/g, '-');
  return new Response(body as BodyInit, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** CSV text (with BOM, formulas neutralised) for a header and rows. */
export function tableCsv(columns: readonly TableColumn[], rows: readonly (readonly CsvValue[])[]): string {
  return toCsv([columns.map((column) => column.header), ...rows]);
}
