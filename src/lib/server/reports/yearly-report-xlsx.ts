/**
 * The yearly report as an XLSX workbook (exceljs), in the house style of the plan export: the
 * issuer and the national motto on top, the title, then each section's heading, a bordered
 * table with a bold (two-row where a share spans three columns) header and a bold totals row.
 * Numbers stay numbers: a share is written as people counted, people in the denominator and the
 * percent as a fraction formatted 0.0%, so a reader can add or check them in the sheet.
 */
import ExcelJS from 'exceljs';
import { formatDate } from '../../format.ts';
import {
  dateLine,
  levelLabel,
  reportSections,
  reportTitle,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './yearly-report-tables.ts';
import type { ShareFigures, YearlyReport } from './yearly-report.ts';

/** Columns of the sheet: the widest table (a text column, a count and three shares) decides. */
const SHEET_COLUMNS = 11;
const WIDTHS = [46, 12, 12, 11, 12, 12, 11, 12, 12, 11, 12];
const LAST = String.fromCharCode(64 + SHEET_COLUMNS);

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

const NUMBER_FORMATS: Record<ReportColumn['kind'], string | undefined> = {
  text: undefined,
  integer: '#,##0',
  decimal: '#,##0.0#',
  percent: '0.0%',
  ratio: undefined,
};

/** How many sheet columns a report column takes: a share takes three. */
const span = (column: ReportColumn) => (column.kind === 'ratio' ? 3 : 1);

/** A rough row height for wrapped text merged across the sheet (Excel does not grow merged rows). */
function wrappedHeight(text: string, widthChars: number, lineHeight = 15): number {
  return Math.max(1, Math.ceil((text.length * 1.1) / widthChars)) * lineHeight;
}

function mergedLine(
  sheet: ExcelJS.Worksheet,
  row: number,
  text: string,
  font: Partial<ExcelJS.Font>,
  horizontal: 'left' | 'center' = 'left',
  from = 'A',
  to = LAST,
): void {
  if (from !== to) sheet.mergeCells(`${from}${row}:${to}${row}`);
  const cell = sheet.getCell(`${from}${row}`);
  cell.value = text;
  cell.font = font;
  cell.alignment = { horizontal, vertical: 'top', wrapText: true };
}

/** Writes a table from `first`; returns the next free row. */
function writeTable(sheet: ExcelJS.Worksheet, table: ReportTable, first: number): number {
  const twoRows = table.columns.some((column) => column.kind === 'ratio');
  let column = 1;
  const top = sheet.getRow(first);
  const bottom = sheet.getRow(first + 1);
  for (const spec of table.columns) {
    const width = span(spec);
    top.getCell(column).value = spec.header;
    if (spec.kind === 'ratio') {
      ['Đạt (người)', 'Được tính (người)', 'Tỷ lệ'].forEach(
        (label, offset) => (bottom.getCell(column + offset).value = label),
      );
      sheet.mergeCells(first, column, first, column + 2);
    } else if (twoRows) {
      sheet.mergeCells(first, column, first + 1, column);
    }
    column += width;
  }
  const used = column - 1;
  const headerRows = twoRows ? [top, bottom] : [top];
  for (const row of headerRows) {
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (let c = 1; c <= used; c++) row.getCell(c).border = border;
  }
  top.height = 32;
  let next = first + headerRows.length;
  const bodyRows = table.totals ? [...table.rows, table.totals] : table.rows;
  bodyRows.forEach((cells, index) => {
    const row = sheet.getRow(next);
    writeCells(row, table.columns, cells);
    row.alignment = { vertical: 'top', wrapText: true };
    if (table.totals && index === bodyRows.length - 1) row.font = { bold: true };
    for (let c = 1; c <= used; c++) row.getCell(c).border = border;
    next += 1;
  });
  return next;
}

function writeCells(row: ExcelJS.Row, columns: readonly ReportColumn[], cells: readonly ReportCell[]): void {
  let column = 1;
  columns.forEach((spec, index) => {
    const value = cells[index] ?? null;
    if (spec.kind === 'ratio') {
      const share = value as ShareFigures | null;
      row.getCell(column).value = share?.numerator ?? null;
      row.getCell(column + 1).value = share?.denominator ?? null;
      row.getCell(column + 2).value = share && share.percent !== null ? share.percent / 100 : null;
      row.getCell(column).numFmt = '#,##0';
      row.getCell(column + 1).numFmt = '#,##0';
      row.getCell(column + 2).numFmt = '0.0%';
    } else {
      const cell = row.getCell(column);
      cell.value =
        spec.kind === 'percent' && typeof value === 'number' ? value / 100 : (value as string | number | null);
      const format = NUMBER_FORMATS[spec.kind];
      if (format) cell.numFmt = format;
    }
    column += span(spec);
  });
}

/** The report as an XLSX workbook of one sheet, A4 portrait when printed. */
export async function yearlyReportXlsx(report: YearlyReport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Học Liệu Số';
  workbook.title = `Báo cáo kết quả bồi dưỡng năm ${report.year}: ${report.unit.name}`;
  workbook.created = report.generatedAt;
  const sheet = workbook.addWorksheet(`Báo cáo năm ${report.year}`, {
    pageSetup: {
      orientation: 'portrait',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  const totalWidth = WIDTHS.reduce((sum, width) => sum + width, 0);

  // The issuer on the left, the national motto on the right, as on state documents.
  const issuerTop = (report.parentName ?? '').toLocaleUpperCase('vi');
  mergedLine(sheet, 1, issuerTop, { size: 12 }, 'center', 'A', 'A');
  mergedLine(sheet, 1, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 }, 'center', 'D', LAST);
  mergedLine(sheet, 2, report.unit.name.toLocaleUpperCase('vi'), { bold: true, size: 12 }, 'center', 'A', 'A');
  mergedLine(sheet, 2, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 12 }, 'center', 'D', LAST);
  mergedLine(sheet, 3, dateLine(report.unit.name, report.generatedAt), { italic: true, size: 12 }, 'center', 'D', LAST);
  const { title, subtitle } = reportTitle(report);
  mergedLine(sheet, 5, title, { bold: true, size: 14 }, 'center');
  mergedLine(sheet, 6, subtitle, { bold: true, size: 12 }, 'center');
  sheet.getRow(6).height = wrappedHeight(subtitle, totalWidth, 17);
  mergedLine(
    sheet,
    7,
    `Đơn vị báo cáo: ${report.unit.name} (${levelLabel(report.unit.level).toLowerCase()}, mã ${report.unit.code}). Số liệu lập ngày ${formatDate(report.generatedAt)}.`,
    { size: 11 },
    'center',
  );

  let row = 9;
  for (const section of reportSections(report)) {
    mergedLine(sheet, row, section.heading, { bold: true, size: 12 });
    row += 1;
    for (const text of section.lead) {
      mergedLine(sheet, row, text, { size: 11 });
      sheet.getRow(row).height = wrappedHeight(text, totalWidth);
      row += 1;
    }
    if (section.table) row = writeTable(sheet, section.table, row);
    for (const text of section.notes) {
      mergedLine(sheet, row, text, { italic: true, size: 10 });
      sheet.getRow(row).height = wrappedHeight(text, totalWidth, 14);
      row += 1;
    }
    row += 1;
  }
  mergedLine(sheet, row, report.unit.name.toLocaleUpperCase('vi'), { bold: true, size: 12 }, 'center', 'F', LAST);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
