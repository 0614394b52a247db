/**
 * The unit list templates: a CSV (UTF-8 with BOM, so Excel shows Vietnamese) and an XLSX whose
 * first sheet has the columns (every cell text, so codes and dates stay as typed) and whose
 * "Danh mục" sheet lists the kinds and the units already in the administrator's subtree.
 */
import ExcelJS from 'exceljs';
import { units } from '../../../../db/schema/index.ts';
import { UNIT_IMPORT_COLUMNS } from '../../org/unit-import-rows.ts';
import { UNIT_KIND_LABELS, UNIT_KIND_SLUGS, unitManagementPaths } from '../../org/unit-rules.ts';
import { toCsv } from '../../spreadsheet/csv.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { pathInSubtrees } from '../org/scope.ts';

export const UNIT_TEMPLATE_SHEET = 'Danh sách đơn vị';

/** Example rows: a commune under an existing province code, and an office under that commune. */
const EXAMPLE: string[][] = [
  ['VD-XA-01', 'Xã Ví Dụ', 'Xã', 'MÃ-TỈNH', '01/07/2025'],
  ['VD-XA-01-VP', 'Văn phòng HĐND và UBND', 'Cơ quan, phòng ban', 'VD-XA-01', '01/07/2025'],
];

/** The CSV template: the header and two example rows to overwrite. */
export function buildUnitTemplateCsv(): string {
  return toCsv([UNIT_IMPORT_COLUMNS.map((column) => column.header), ...EXAMPLE]);
}

/** Existing units the user manages (code, name, kind), for the "Danh mục" sheet; retired ones left out. */
async function unitsForLists(user: SessionUser): Promise<string[][]> {
  const inside = pathInSubtrees(unitManagementPaths(user));
  if (!inside) return [];
  const rows = await getDb()
    .select({ code: units.code, name: units.name, kind: units.kind, retiredOn: units.retiredOn, level: units.level })
    .from(units)
    .where(inside);
  return rows
    .filter((row) => !row.retiredOn && row.level !== 'office')
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((row) => [row.code, row.name, UNIT_KIND_LABELS[row.kind]]);
}

/** The XLSX template for the user. */
export async function buildUnitTemplateXlsx(user: SessionUser): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Học Liệu Số';
  const sheet = workbook.addWorksheet(UNIT_TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = UNIT_IMPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.key === 'name' ? 36 : 20,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of EXAMPLE) sheet.addRow(row);
  const lists = workbook.addWorksheet('Danh mục');
  lists.getColumn(1).width = 24;
  lists.getColumn(2).width = 40;
  lists.getColumn(3).width = 22;
  lists.addRow(['Loại (ghi đúng một trong các chữ sau)']).font = { bold: true };
  for (const kind of UNIT_KIND_SLUGS) lists.addRow([UNIT_KIND_LABELS[kind]]);
  lists.addRow([]);
  lists.addRow(['Mã đơn vị đã có', 'Tên đơn vị', 'Loại']).font = { bold: true };
  for (const row of await unitsForLists(user)) lists.addRow(row);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
