/** Officials lists as an administrator uploads them: template rows and the CSV file holding them. */
import { csvField } from '../../src/lib/officials-import/parse-csv.ts';
import { IMPORT_COLUMNS } from '../../src/schemas/official-import-row.ts';

/** A template row, valid unless changed: a professional civil servant of Quảng Lợi's office. */
export function officialRow(
  staffCode: string,
  changes: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], string>> = {},
): string[] {
  const values: Record<string, string> = {
    staffCode,
    fullName: 'Trần Thị Bình',
    unitCode: 'SL-QL-VP',
    jobTitle: 'Công chức Văn phòng',
    jobPosition: 'Văn thư, lưu trữ',
    group: 'Công chức chuyên môn',
    fields: 'Kỹ năng số, dịch vụ công trực tuyến, văn bản điện tử',
    underqualified: 'Không',
    underqualifiedSince: '',
    ...changes,
  };
  return IMPORT_COLUMNS.map((column) => values[column.key]);
}

/** A CSV upload (UTF-8 with BOM) of these rows under the template's header. */
export function csvFile(rows: string[][]): Uint8Array<ArrayBuffer> {
  const lines = [IMPORT_COLUMNS.map((column) => column.header), ...rows].map((cells) =>
    cells.map((cell) => csvField(cell)).join(','),
  );
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}
