/**
 * What CSV and XLSX files have in common once read: rows of text cells with the row number a
 * spreadsheet shows. Finds the header row, maps the template's columns (in any order, headers
 * matched without case or marks) and turns each data row into a RawImportRow.
 */
import {
  IMPORT_COLUMNS,
  OPTIONAL_IMPORT_COLUMNS,
  TEMPLATE_COLUMNS,
  matchKey,
  type ImportColumnKey,
  type OptionalImportColumnKey,
  type RawImportRow,
} from '../../schemas/official-import-row.ts';
import { ImportError, MAX_ROWS } from './errors.ts';
import type { SheetRow } from '../spreadsheet/sheet-rows.ts';

/** A data row ready for validation. */
export interface NumberedRawRow {
  row: number;
  raw: RawImportRow;
}

/** A column of the template, required or optional. */
type ColumnKey = ImportColumnKey | OptionalImportColumnKey;

/** Other spellings of headers seen in units' own lists. */
const HEADER_ALIASES: Record<string, ColumnKey> = {
  [matchKey('Họ tên')]: 'fullName',
  [matchKey('Mã CB')]: 'staffCode',
  [matchKey('Chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm')]: 'underqualified',
  [matchKey('Ngày xác định chưa đáp ứng')]: 'underqualifiedSince',
  [matchKey('Email')]: 'email',
  [matchKey('E-mail')]: 'email',
  [matchKey('Số CCCD')]: 'nationalId',
  [matchKey('Số căn cước công dân')]: 'nationalId',
  [matchKey('Số căn cước')]: 'nationalId',
  [matchKey('Số định danh')]: 'nationalId',
};

const COLUMN_BY_KEY = new Map<string, ColumnKey>([
  ...TEMPLATE_COLUMNS.map((column) => [matchKey(column.header), column.key] as const),
  ...Object.entries(HEADER_ALIASES),
]);

/** The column a header names, ignoring a note in brackets and a "*" ("Ngày xác định (dd/mm/yyyy)"). */
export function columnOfHeader(header: string): ColumnKey | undefined {
  return COLUMN_BY_KEY.get(matchKey(header.replace(/\([^)]*\)|\*/g, '')));
}

/** True when a row has no text in any cell. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Where each template column sits in the header row; throws naming the missing columns. */
export function mapHeader(header: SheetRow): Map<ColumnKey, number> {
  const positions = new Map<ColumnKey, number>();
  header.cells.forEach((cell, index) => {
    const key = columnOfHeader(cell);
    if (!key) return;
    if (positions.has(key)) {
      const label = TEMPLATE_COLUMNS.find((column) => column.key === key)!.header;
      throw new ImportError(
        422,
        `Cột "${label}" xuất hiện hai lần ở dòng tiêu đề (dòng ${header.row}). Hãy giữ lại một cột.`,
      );
    }
    positions.set(key, index);
  });
  const missing = IMPORT_COLUMNS.filter((column) => !positions.has(column.key)).map((column) => `"${column.header}"`);
  if (missing.length > 0) {
    throw new ImportError(
      422,
      `Tệp thiếu ${missing.length === 1 ? 'cột' : 'các cột'} ${missing.join(', ')} ở dòng tiêu đề (dòng ${header.row}). Hãy dùng tệp mẫu, giữ nguyên dòng tiêu đề.`,
    );
  }
  return positions;
}

/** True when a row looks like the template's header (it names the staff code column). */
export function looksLikeHeader(cells: readonly string[]): boolean {
  return cells.some((cell) => columnOfHeader(cell) === 'staffCode');
}

/**
 * Turns a sheet's rows (header first; blank rows anywhere) into numbered raw rows. Refuses a
 * file without data rows or with more than MAX_ROWS of them.
 */
export function rawRowsOf(rows: readonly SheetRow[]): NumberedRawRow[] {
  const headerIndex = rows.findIndex((row) => !isBlankRow(row.cells));
  if (headerIndex === -1)
    throw new ImportError(422, 'Tệp không có dữ liệu. Hãy điền danh sách cán bộ vào tệp mẫu rồi tải lên lại.');
  const positions = mapHeader(rows[headerIndex]);
  const result: NumberedRawRow[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const { row, cells } = rows[i];
    if (isBlankRow(cells)) continue;
    if (result.length === MAX_ROWS) throw tooManyRows();
    const raw = {} as RawImportRow;
    for (const column of IMPORT_COLUMNS) raw[column.key] = cells[positions.get(column.key)!] ?? '';
    for (const column of OPTIONAL_IMPORT_COLUMNS) {
      const position = positions.get(column.key);
      if (position !== undefined) raw[column.key] = cells[position] ?? '';
    }
    result.push({ row, raw });
  }
  if (result.length === 0)
    throw new ImportError(
      422,
      'Tệp chỉ có dòng tiêu đề, chưa có cán bộ nào. Hãy điền danh sách vào dưới dòng tiêu đề.',
    );
  return result;
}

/** The refusal for a file over the row limit. */
export function tooManyRows(): ImportError {
  return new ImportError(
    422,
    `Tệp có hơn ${MAX_ROWS.toLocaleString('vi-VN')} dòng dữ liệu. Hãy chia danh sách thành nhiều tệp, mỗi tệp không quá ${MAX_ROWS.toLocaleString('vi-VN')} dòng.`,
  );
}
