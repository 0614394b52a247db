import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IMPORT_COLUMNS, type RawImportRow } from '../../src/schemas/official-import-row.ts';
import { ImportError, MAX_ROWS } from '../../src/lib/officials-import/errors.ts';
import { decodeCsv, detectFormat } from '../../src/lib/server/officials-import/read-file.ts';
import { rawRowsOf } from '../../src/lib/officials-import/sheet.ts';
import type { SheetRow } from '../../src/lib/spreadsheet/sheet-rows.ts';
import { validateRows, type ValidationContext } from '../../src/lib/officials-import/validate.ts';
import { cellText } from '../../src/lib/spreadsheet/sheet-rows.ts';

const HEADERS = IMPORT_COLUMNS.map((column) => column.header);

function raw(changes: Partial<RawImportRow> = {}): RawImportRow {
  return {
    staffCode: 'SL-QL-101',
    fullName: 'Nguyễn Thị Hoa',
    unitCode: 'SL-QL',
    jobTitle: 'Công chức Văn phòng',
    jobPosition: 'Văn thư, lưu trữ',
    group: 'Công chức chuyên môn',
    fields: 'ky-nang-so',
    underqualified: 'Không',
    underqualifiedSince: '',
    ...changes,
  };
}

/** A context with one commune (SL-QL) in scope; SL-QL-007 recorded in scope, CN-EA-001 outside. */
function context(changes: Partial<ValidationContext> = {}): ValidationContext {
  return {
    unitsByCode: new Map([['SL-QL', { id: 'u-ql', code: 'SL-QL', name: 'Xã Quảng Lợi', path: '/p/u-ql/' }]]),
    existingStaffCodes: new Map([
      ['SL-QL-007', { inScope: true }],
      ['CN-EA-001', { inScope: false }],
    ]),
    takenUsernames: new Set(['quantri.quangloi']),
    ...changes,
  };
}

const check = (rows: RawImportRow[], ctx = context()) =>
  validateRows(
    rows.map((row, index) => ({ row: index + 2, raw: row })),
    ctx,
  );

describe('validateRows', () => {
  test('resolves the unit of a valid row', () => {
    const { valid, problems } = check([raw()]);

    assert.deepEqual(problems, []);
    assert.equal(valid[0].unitId, 'u-ql');
    assert.equal(valid[0].row, 2);
  });

  test('refuses both rows of a national id written for two officials, naming the other row', () => {
    const { valid, problems } = check([
      raw({ nationalId: '001234567890' }),
      raw({ staffCode: 'SL-QL-102', nationalId: '001 234 567 890' }),
      raw({ staffCode: 'SL-QL-103', nationalId: '001234567891' }),
    ]);

    assert.deepEqual(
      valid.map((row) => row.staffCode),
      ['SL-QL-103'],
    );
    assert.deepEqual(
      problems.map((problem) => [problem.row, problem.reasons]),
      [
        [
          2,
          [
            'Số định danh cá nhân 001234567890 xuất hiện nhiều lần trong tệp (cả ở dòng 3). Mỗi người chỉ có một số định danh.',
          ],
        ],
        [
          3,
          [
            'Số định danh cá nhân 001234567890 xuất hiện nhiều lần trong tệp (cả ở dòng 2). Mỗi người chỉ có một số định danh.',
          ],
        ],
      ],
    );
  });

  test('reads the optional columns when the header has them, in any order', () => {
    const rows = rawRowsOf([
      { row: 1, cells: ['Số định danh cá nhân', ...HEADERS, 'Thư điện tử'] },
      { row: 2, cells: ['001234567890', ...HEADERS.map((header) => `v-${header}`), 'a@b.vn'] },
    ]);
    assert.equal(rows[0].raw.nationalId, '001234567890');
    assert.equal(rows[0].raw.email, 'a@b.vn');
    const without = rawRowsOf([
      { row: 1, cells: HEADERS },
      { row: 2, cells: HEADERS.map((header) => `v-${header}`) },
    ]);
    assert.equal(without[0].raw.email, undefined, 'a file without the optional columns still reads');
  });

  test('refuses both rows of a staff code written twice, naming the other row', () => {
    const { valid, problems } = check([raw(), raw({ staffCode: 'sl-ql-102' }), raw({ staffCode: ' sl-ql-101' })]);

    assert.equal(valid.length, 1);
    assert.deepEqual(
      problems.map((problem) => [problem.row, problem.staffCode]),
      [
        [2, 'SL-QL-101'],
        [4, 'SL-QL-101'],
      ],
    );
    assert.match(problems[0].reasons[0], /Mã cán bộ SL-QL-101 xuất hiện nhiều lần trong tệp \(cả ở dòng 4\)/);
    assert.match(problems[1].reasons[0], /cả ở dòng 2/);
  });

  test('refuses an unknown unit code and one outside the scope with the same words', () => {
    const { problems } = check([raw({ unitCode: 'KHONG-CO' }), raw({ staffCode: 'X-2', unitCode: 'CN-EA' })]);

    assert.deepEqual(
      problems.map((problem) => problem.reasons),
      [
        ['Mã đơn vị KHONG-CO không có trong phạm vi quản lý của anh/chị.'],
        ['Mã đơn vị CN-EA không có trong phạm vi quản lý của anh/chị.'],
      ],
    );
  });

  test('refuses a staff code recorded for an official outside the scope', () => {
    const { problems } = check([raw({ staffCode: 'CN-EA-001' })]);

    assert.match(problems[0].reasons[0], /Mã cán bộ CN-EA-001 đã được dùng cho một cán bộ ngoài phạm vi quản lý/);
  });

  test('accepts a staff code recorded for an official inside the scope (an update)', () => {
    assert.deepEqual(check([raw({ staffCode: 'SL-QL-007' })]).problems, []);
  });

  test('refuses a new staff code that is already somebody’s sign-in name', () => {
    const { problems } = check([raw({ staffCode: 'QUANTRI.QUANGLOI' })]);

    assert.match(problems[0].reasons[0], /trùng với tên đăng nhập của một tài khoản đã có/);
  });

  test('reports row-level and file-level reasons of one row together', () => {
    const { problems } = check([raw({ group: 'abc' }), raw({ group: 'abc' })]);

    assert.equal(problems[0].reasons.length, 2);
  });
});

const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, index) => ({ row: index + 1, cells }));

describe('rawRowsOf', () => {
  test('maps columns by header, in any order and without case or marks', () => {
    const reordered = [...HEADERS].reverse().map((header) => header.toUpperCase());
    const values = IMPORT_COLUMNS.map((column) => `v-${column.key}`).reverse();

    const [row] = rawRowsOf(sheet(reordered, values));

    assert.equal(row.raw.staffCode, 'v-staffCode');
    assert.equal(row.raw.underqualifiedSince, 'v-underqualifiedSince');
  });

  test('accepts a note in brackets after a header', () => {
    const headers = HEADERS.map((header) => (header === 'Ngày xác định' ? 'Ngày xác định (dd/mm/yyyy)' : header));

    assert.equal(
      rawRowsOf(
        sheet(
          headers,
          HEADERS.map(() => 'x'),
        ),
      ).length,
      1,
    );
  });

  test('names every missing column', () => {
    const headers = HEADERS.filter((header) => header !== 'Mã đơn vị' && header !== 'Nhóm');

    assert.throws(
      () => rawRowsOf(sheet(headers, headers)),
      (error: unknown) =>
        error instanceof ImportError &&
        error.status === 422 &&
        /thiếu các cột "Mã đơn vị", "Nhóm" ở dòng tiêu đề \(dòng 1\)/.test(error.message),
    );
  });

  test('skips blank rows but keeps the row numbers of the others', () => {
    const rows = rawRowsOf(
      sheet(
        HEADERS,
        HEADERS.map(() => ''),
        HEADERS.map(() => 'x'),
      ),
    );

    assert.deepEqual(
      rows.map((row) => row.row),
      [3],
    );
  });

  test('refuses a file with a header but no officials', () => {
    assert.throws(() => rawRowsOf(sheet(HEADERS)), /chỉ có dòng tiêu đề/);
  });

  test(`refuses more than ${MAX_ROWS} data rows`, () => {
    const rows = [HEADERS, ...Array.from({ length: MAX_ROWS + 1 }, () => ['x'])];

    assert.throws(
      () => rawRowsOf(sheet(...rows)),
      (error: unknown) => error instanceof ImportError && /hơn 50\.000 dòng/.test(error.message),
    );
  });
});

describe('detectFormat', () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]);
  const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]);
  const text = new TextEncoder().encode('a,b\n');

  test('recognises an XLSX by its name and its zip signature', () => {
    assert.equal(detectFormat('danh-sach.XLSX', zip), 'xlsx');
  });

  test('recognises a CSV', () => {
    assert.equal(detectFormat('danh-sach.csv', text), 'csv');
  });

  for (const [what, name, bytes, status, message] of [
    ['a picture', 'anh.png', zip, 415, /Chỉ nhận tệp Excel \(\.xlsx\) hoặc CSV \(\.csv\)/],
    ['an old .xls workbook', 'cu.xls', ole, 415, /\.xls/],
    ['a renamed file that is not a workbook', 'gia.xlsx', text, 415, /không phải tệp Excel/],
    ['a workbook renamed to .csv', 'gia.csv', zip, 415, /không phải tệp CSV/],
    ['an empty file', 'trong.csv', new Uint8Array(), 400, /không có nội dung/],
  ] as const) {
    test(`refuses ${what}`, () => {
      assert.throws(
        () => detectFormat(name, bytes),
        (error: unknown) => error instanceof ImportError && error.status === status && message.test(error.message),
      );
    });
  }
});

describe('decodeCsv', () => {
  test('reads UTF-8 Vietnamese', () => {
    assert.equal(decodeCsv(new TextEncoder().encode('Đặng Thị Ánh')), 'Đặng Thị Ánh');
  });

  test('refuses a CSV in a legacy encoding and says how to save it as UTF-8', () => {
    const windows1258 = new Uint8Array([0x44, 0xd0, 0xe1, 0x6e, 0x67]);

    assert.throws(() => decodeCsv(windows1258), /CSV UTF-8/);
  });
});

describe('cellText', () => {
  for (const [what, value, text] of [
    ['a date cell as dd/mm/yyyy', new Date(Date.UTC(2026, 6, 1)), '01/07/2026'],
    ['a whole number without decimals', 12345, '12345'],
    ['rich text as its plain text', { richText: [{ text: 'Nguyễn ' }, { text: 'An' }] }, 'Nguyễn An'],
    ['a formula as its result', { formula: 'A1', result: 'SL-QL' }, 'SL-QL'],
    ['a hyperlink as its text', { text: 'SL-QL-001', hyperlink: 'mailto:x' }, 'SL-QL-001'],
    ['an empty cell as empty text', null, ''],
  ] as const) {
    test(`reads ${what}`, () => {
      assert.equal(cellText(value), text);
    });
  }
});
