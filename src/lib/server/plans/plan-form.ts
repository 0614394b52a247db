/** The plan form as an XLSX workbook, in the layout of src/lib/plans/plan-sheet.ts. */
import ExcelJS from 'exceljs';
import { PLAN_COLUMNS, PLAN_SUMMED, planSheetLayout, type PlanItem } from '../../plans/plan-sheet.ts';

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** The plan as an XLSX workbook in the form's layout. */
export async function planXlsx(
  heading: { unitName: string; title: string; period: string },
  items: readonly PlanItem[],
): Promise<Uint8Array> {
  const layout = planSheetLayout(heading, items);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Học Liệu Số';
  const sheet = workbook.addWorksheet('Kế hoạch', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = PLAN_COLUMNS.map((column) => ({ width: column.width }));
  layout.titleLines.forEach((line, index) => {
    const cell = sheet.getCell(`A${index + 1}`);
    cell.value = line;
    cell.font = { bold: true, size: index === 1 ? 14 : 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  sheet.getRow(layout.headerRow).values = layout.headerTop;
  sheet.getRow(layout.headerRow + 1).values = layout.headerBottom;
  for (const range of layout.merges) sheet.mergeCells(range);
  for (const rowNumber of [layout.headerRow, layout.headerRow + 1]) {
    const row = sheet.getRow(rowNumber);
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (let column = 1; column <= PLAN_COLUMNS.length; column++) row.getCell(column).border = border;
  }
  sheet.getRow(layout.headerRow).height = 32;
  sheet.views = [{ state: 'frozen', ySplit: layout.headerRow + 1 }];
  const firstBody = layout.headerRow + 2;
  layout.body.forEach((values, index) => {
    const row = sheet.getRow(firstBody + index);
    row.values = values;
    row.alignment = { vertical: 'top', wrapText: true };
    for (let column = 1; column <= PLAN_COLUMNS.length; column++) row.getCell(column).border = border;
  });
  const totalsRow = sheet.getRow(firstBody + layout.body.length);
  totalsRow.values = layout.totals;
  totalsRow.font = { bold: true };
  for (let column = 1; column <= PLAN_COLUMNS.length; column++) totalsRow.getCell(column).border = border;
  PLAN_COLUMNS.forEach((column, index) => {
    if ((PLAN_SUMMED as readonly string[]).includes(column.key))
      sheet.getColumn(index + 1).numFmt = column.key.startsWith('fund') ? '#,##0.0##' : '#,##0';
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
