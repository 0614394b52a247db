/**
 * The templates administrators download: an XLSX with the officials sheet (Vietnamese headers,
 * every cell formatted as text so codes and dates stay as typed, drop-down lists for the group
 * and the flag) and a "Danh mục" sheet listing the unit codes in the administrator's scope and
 * every accepted value; and a CSV (UTF-8 with BOM, so Excel shows Vietnamese correctly). Either
 * may be filled with the officials already recorded, to edit and import back.
 */
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { officials, units } from '../../../../db/schema/index.ts';
import { GROUP_LABELS, TEMPLATE_COLUMNS } from '../../../schemas/official-import-row.ts';
import { formatIsoDate } from '../../format.ts';
import { FIELDS, OFFICIAL_GROUPS, labelOf, type Term } from '../../../schemas/vocabulary.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { unitInScopeCondition, unitsInScope } from '../org/scope.ts';
import { toCsv } from '../../spreadsheet/csv.ts';
import { yieldToEventLoop } from './parse-xlsx.ts';

/** Name of the officials sheet and of the lists sheet. */
export const TEMPLATE_SHEET = 'Danh sách cán bộ';
export const LISTS_SHEET = 'Danh mục';

/** Rows of the template that get drop-down lists. */
const ROWS_WITH_LISTS = 2000;

const COLUMN_WIDTHS: Record<(typeof TEMPLATE_COLUMNS)[number]['key'], number> = {
  staffCode: 14,
  fullName: 26,
  unitCode: 14,
  jobTitle: 28,
  jobPosition: 32,
  group: 24,
  fields: 40,
  underqualified: 20,
  underqualifiedSince: 16,
  email: 30,
  nationalId: 22,
};

/** One official as a template row, in the template's words. */
export type TemplateRow = string[];

/** The officials the user administers, as template rows (sorted by unit code, then staff code). */
export async function officialsAsTemplateRows(user: SessionUser): Promise<TemplateRow[]> {
  const condition = unitInScopeCondition(user);
  if (!condition) return [];
  const rows = await getDb()
    .select({ official: officials, unitCode: units.code })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(condition)
    .orderBy(asc(units.code), asc(officials.staffCode));
  return rows
    .filter(({ official }) => official.active)
    .map(({ official, unitCode }) => [
      official.staffCode,
      official.fullName,
      unitCode,
      official.jobTitle,
      official.jobPosition,
      GROUP_LABELS[official.group],
      (official.fields ?? []).map((slug) => labelOf(FIELDS, slug)).join('; '),
      official.underqualified ? 'Có' : 'Không',
      official.underqualified && official.underqualifiedSince ? formatIsoDate(official.underqualifiedSince) : '',
      official.email ?? '',
      official.nationalId ?? '',
    ]);
}

/** The XLSX template for the user, empty or filled with `rows`. */
export async function buildTemplateXlsx(
  user: SessionUser,
  rows: readonly TemplateRow[] = [],
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Học Liệu Số';
  workbook.created = new Date();

  const sheet = workbook.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: COLUMN_WIDTHS[column.key],
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F2F1' } };
  });
  for (let i = 0; i < rows.length; i++) {
    sheet.addRow(rows[i]);
    if (i % 1000 === 999) await yieldToEventLoop();
  }

  const lists = workbook.addWorksheet(LISTS_SHEET);
  const scope = await unitsInScope(user);
  const groups = OFFICIAL_GROUPS.map((group) => [GROUP_LABELS[group.slug], group.slug]);
  const fields = (FIELDS as readonly Term[]).map((field) => [field.label, field.slug]);
  const columnsOfLists: { title: string; heads: [string, string]; items: string[][] }[] = [
    { title: 'Mã đơn vị', heads: ['Mã đơn vị', 'Tên đơn vị'], items: scope.map((unit) => [unit.code, unit.name]) },
    { title: 'Nhóm', heads: ['Nhóm (ghi tên hoặc mã)', 'Mã'], items: groups },
    { title: 'Lĩnh vực', heads: ['Lĩnh vực (ghi tên hoặc mã, cách nhau bởi dấu ;)', 'Mã'], items: fields },
    {
      title: 'Chưa đáp ứng',
      heads: ['Chưa đáp ứng yêu cầu chuyên môn', 'Ngày xác định'],
      items: [
        ['Có', 'bắt buộc, dạng dd/mm/yyyy'],
        ['Không', 'để trống'],
      ],
    },
  ];
  columnsOfLists.forEach((list, index) => {
    const first = index * 3 + 1;
    lists.getColumn(first).width = index === 2 ? 48 : 30;
    lists.getColumn(first + 1).width = index === 0 ? 36 : 26;
    lists.getCell(1, first).value = list.heads[0];
    lists.getCell(1, first + 1).value = list.heads[1];
    lists.getCell(1, first).font = { bold: true };
    lists.getCell(1, first + 1).font = { bold: true };
    list.items.forEach((item, row) => {
      lists.getCell(row + 2, first).value = item[0];
      lists.getCell(row + 2, first + 1).value = item[1];
    });
  });

  // Drop-down lists from the "Danh mục" sheet (labels hold commas, so inline lists would not do).
  const groupColumn = TEMPLATE_COLUMNS.findIndex((column) => column.key === 'group') + 1;
  const flagColumn = TEMPLATE_COLUMNS.findIndex((column) => column.key === 'underqualified') + 1;
  for (let row = 2; row <= ROWS_WITH_LISTS + 1; row++) {
    sheet.getCell(row, groupColumn).dataValidation = {
      type: 'list',
      allowBlank: true,
      showErrorMessage: false,
      formulae: [`'${LISTS_SHEET}'!$D$2:$D$${groups.length + 1}`],
    };
    sheet.getCell(row, flagColumn).dataValidation = {
      type: 'list',
      allowBlank: true,
      showErrorMessage: false,
      formulae: [`'${LISTS_SHEET}'!$J$2:$J$3`],
    };
  }

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The CSV template, empty or filled with `rows`: UTF-8 with BOM, comma-separated, CRLF lines. */
export function buildTemplateCsv(rows: readonly TemplateRow[] = []): string {
  return toCsv([TEMPLATE_COLUMNS.map((column) => column.header), ...rows]);
}
