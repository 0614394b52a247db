import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readXlsxRows } from '../../src/lib/server/officials-import/parse-xlsx.ts';
import { ImportError } from '../../src/lib/officials-import/errors.ts';

/** An XLSX built the way Excel saves one, from sheets of rows. */
async function workbook(sheets: Record<string, unknown[][]>, styleDates = false): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
    if (styleDates) sheet.getColumn(3).numFmt = 'dd/mm/yyyy';
  }
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('readXlsxRows', () => {
  test('reads the sheet whose first row names "Mã cán bộ", skipping sheets before it', async () => {
    const bytes = await workbook({
      'Hướng dẫn': [['Đọc kỹ trước khi điền']],
      'Cán bộ': [
        ['Mã cán bộ', 'Họ và tên'],
        ['SL-1', 'An'],
      ],
    });

    const rows = await readXlsxRows(bytes);

    assert.deepEqual(rows, [
      { row: 1, cells: ['Mã cán bộ', 'Họ và tên'] },
      { row: 2, cells: ['SL-1', 'An'] },
    ]);
  });

  test('gives date cells as dd/mm/yyyy and numbers as the digits shown', async () => {
    const bytes = await workbook(
      {
        'Cán bộ': [
          ['Mã cán bộ', 'Số', 'Ngày xác định'],
          [12345, 1.5, new Date(Date.UTC(2026, 6, 1))],
        ],
      },
      true,
    );

    const [, row] = await readXlsxRows(bytes);

    assert.deepEqual(row.cells, ['12345', '1.5', '01/07/2026']);
  });

  test('keeps the row numbers Excel shows when blank rows sit between officials', async () => {
    const bytes = await workbook({ 'Cán bộ': [['Mã cán bộ'], ['A'], [], [], ['B']] });

    assert.deepEqual(
      (await readXlsxRows(bytes)).map((row) => row.row),
      [1, 2, 5],
    );
  });

  test('refuses bytes that only look like a workbook with a sentence on how to save one', async () => {
    await assert.rejects(
      readXlsxRows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3])),
      (error: unknown) => error instanceof ImportError && error.status === 422 && /Lưu thành/.test(error.message),
    );
  });
});
