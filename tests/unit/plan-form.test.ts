import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { PLAN_COLUMNS, planSheetLayout, type PlanItem } from '../../src/lib/plans/plan-sheet.ts';
import { planXlsx } from '../../src/lib/server/plans/plan-form.ts';
import { parsePlanRows, parseVietnameseNumber, PLAN_FIELDS } from '../../src/lib/plans/plan-input.ts';

const heading = { unitName: 'Xã Quảng Lợi', title: 'Kế hoạch bồi dưỡng năm 2027', period: '2027' };
const item = (changes: Partial<PlanItem> = {}): PlanItem => ({
  content: 'Kiến thức chung về quản lý nhà nước',
  audience: 'Công chức chuyên môn',
  classCount: 2,
  peopleCount: 80,
  duration: '2 tuần',
  place: 'Trung tâm Chính trị',
  fundProvince: 120.5,
  fundCentral: 0,
  fundScheme: 30,
  fundOther: 0,
  organiser: 'Sở Nội vụ',
  note: '',
  ...changes,
});

describe('planSheetLayout', () => {
  test('has the 13 columns of the plan form in order', () => {
    const layout = planSheetLayout(heading, []);

    assert.deepEqual(layout.headerBottom, [
      'TT',
      'Nội dung bồi dưỡng',
      'Đối tượng',
      'Số lớp',
      'Số người',
      'Thời gian khóa học',
      'Địa điểm',
      'NS tỉnh',
      'NS TW',
      'Theo ĐA',
      'Khác (XHH)',
      'Cơ quan chịu trách nhiệm tổ chức mở lớp',
      'Ghi chú',
    ]);
  });

  test('merges Số lượng over two columns and Nguồn kinh phí over four', () => {
    const layout = planSheetLayout(heading, []);

    assert.ok(layout.merges.includes('D5:E5'));
    assert.ok(layout.merges.includes('H5:K5'));
    assert.equal(layout.headerTop[7], 'Nguồn kinh phí (triệu đồng)');
  });

  test('makes single columns span both header rows', () => {
    const layout = planSheetLayout(heading, []);

    assert.ok(layout.merges.includes('A5:A6'));
    assert.ok(layout.merges.includes('M5:M6'));
  });

  test('numbers the rows and adds up classes, people and each funding source', () => {
    const layout = planSheetLayout(heading, [
      item(),
      item({ classCount: 1, peopleCount: 35, fundProvince: 10.25, fundOther: 5 }),
    ]);

    assert.deepEqual(
      layout.body.map((row) => row[0]),
      [1, 2],
    );
    assert.deepEqual(layout.totals.slice(1, 5), ['Tổng cộng', '', 3, 115]);
    assert.deepEqual(layout.totals.slice(7, 11), [130.75, 0, 60, 5]);
  });
});

describe('planXlsx', () => {
  test('writes a workbook whose header, merges and Vietnamese text read back intact', async () => {
    const bytes = await planXlsx(heading, [item({ note: 'Ưu tiên cán bộ chưa đạt chuẩn' })]);
    const workbook = new ExcelJS.Workbook();

    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);

    const sheet = workbook.worksheets[0];
    assert.equal(sheet.getCell('D5').value, 'Số lượng');
    assert.equal(sheet.getCell('E6').value, 'Số người');
    assert.equal(sheet.getCell('B5').isMerged, true);
    assert.equal(sheet.getCell('M7').value, 'Ưu tiên cán bộ chưa đạt chuẩn');
    assert.equal(sheet.getCell('B8').value, 'Tổng cộng');
    assert.equal(sheet.columnCount, PLAN_COLUMNS.length);
  });
});

describe('parsePlanRows', () => {
  const columns = (rows: Partial<Record<(typeof PLAN_FIELDS)[number], string>>[]) =>
    Object.fromEntries(PLAN_FIELDS.map((field) => [field, rows.map((row) => row[field] ?? '')])) as Record<
      (typeof PLAN_FIELDS)[number],
      string[]
    >;

  test('drops blank rows and reads Vietnamese numbers', () => {
    const parsed = parsePlanRows(
      columns([
        { content: 'A', audience: 'B', organiser: 'C', classCount: '2', peopleCount: '1.200', fundProvince: '12,5' },
        {},
      ]),
    );

    assert.ok('items' in parsed);
    assert.deepEqual([parsed.items.length, parsed.items[0].peopleCount, parsed.items[0].fundProvince], [1, 1200, 12.5]);
  });

  test('names the row of each mistake', () => {
    const parsed = parsePlanRows(
      columns([
        { content: 'A', audience: 'B', organiser: 'C' },
        { content: 'D', audience: 'E', organiser: 'F', classCount: 'hai' },
      ]),
    );

    assert.deepEqual(parsed, { errors: ['Dòng 2: Số lớp phải là số nguyên không âm.'] });
  });

  test('refuses a plan with no rows', () => {
    assert.ok('errors' in parsePlanRows(columns([{}])));
  });
});

test('parseVietnameseNumber reads thousands dots and decimal commas', () => {
  assert.deepEqual(['1.234,5', '12,5', '7', '', 'x'].map(parseVietnameseNumber), [1234.5, 12.5, 7, 0, Number.NaN]);
});
