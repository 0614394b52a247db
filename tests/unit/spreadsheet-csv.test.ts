import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, neutraliseFormula, toCsv } from '../../src/lib/spreadsheet/csv.ts';

describe('neutraliseFormula', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    test(`prefixes an apostrophe to a cell starting with ${JSON.stringify(start)}`, () => {
      const cell = `${start}HYPERLINK("http://x")`;

      const safe = neutraliseFormula(cell);

      assert.equal(safe, `'${cell}`);
    });
  }

  test('leaves ordinary Vietnamese text unchanged', () => {
    assert.equal(neutraliseFormula('Nguyễn Thị Hoa - Văn phòng'), 'Nguyễn Thị Hoa - Văn phòng');
  });
});

describe('csvField', () => {
  test('quotes a neutralised formula that also holds a comma and a quote', () => {
    assert.equal(csvField('=SUM(A1,"x")'), `"'=SUM(A1,""x"")"`);
  });

  test('writes negative numbers as numbers, not as neutralised text', () => {
    assert.equal(csvField(-3.5), '-3.5');
  });

  test('writes null and undefined as empty cells', () => {
    assert.equal(`${csvField(null)}|${csvField(undefined)}`, '|');
  });
});

describe('toCsv', () => {
  test('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv([
      ['Mã cán bộ', 'Họ và tên'],
      ['SL-QL-001', 'Trần Văn Đức'],
    ]);

    assert.ok(csv.startsWith('\uFEFFMã cán bộ,Họ và tên\r\n'));
    assert.ok(csv.endsWith('SL-QL-001,Trần Văn Đức\r\n'));
  });

  test('neutralises an injected formula in a name cell', () => {
    const csv = toCsv([['@cmd|"/c calc"!A0']]);

    assert.equal(csv, `\uFEFF"'@cmd|""/c calc""!A0"\r\n`);
  });
});
