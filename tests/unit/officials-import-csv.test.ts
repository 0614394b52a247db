import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsvSyntaxError, csvField, detectDelimiter, parseCsv } from '../../src/lib/officials-import/parse-csv.ts';

const cellsOf = (text: string) => parseCsv(text).records.map((record) => record.cells);
const rowsOf = (text: string) => parseCsv(text).records.map((record) => record.row);

describe('parseCsv', () => {
  test('reads plain comma-separated records', () => {
    assert.deepEqual(cellsOf('a,b,c\n1,2,3\n'), [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  test('drops a UTF-8 byte order mark so the first header is not garbled', () => {
    const { records } = parseCsv('\uFEFFMã cán bộ,Họ và tên\r\nSL-1,An\r\n');

    assert.equal(records[0].cells[0], 'Mã cán bộ');
  });

  test('keeps delimiters and line breaks that are inside quotes', () => {
    assert.deepEqual(cellsOf('"Đất đai; Tài chính","Lãnh đạo, quản lý","dòng 1\ndòng 2"\n'), [
      ['Đất đai; Tài chính', 'Lãnh đạo, quản lý', 'dòng 1\ndòng 2'],
    ]);
  });

  test('turns a doubled quote inside quotes into one quote', () => {
    assert.deepEqual(cellsOf('"Văn phòng ""một cửa""",x'), [['Văn phòng "một cửa"', 'x']]);
  });

  test('keeps a quote in the middle of an unquoted field as it is, like Excel', () => {
    assert.deepEqual(cellsOf('Nhà 5"A,x'), [['Nhà 5"A', 'x']]);
  });

  test('guesses a semicolon delimiter, the way Excel saves CSV in Vietnam', () => {
    const { delimiter, records } = parseCsv('Mã cán bộ;Nhóm\nSL-1;"Lãnh đạo, quản lý"\n');

    assert.equal(delimiter, ';');
    assert.deepEqual(records[1].cells, ['SL-1', 'Lãnh đạo, quản lý']);
  });

  test('guesses the delimiter from the first record only, ignoring quoted ones', () => {
    assert.equal(detectDelimiter('"a;b;c",d\n1;2;3;4;5'), ',');
  });

  test('follows an Excel "sep=" line and does not count it as a row', () => {
    const { delimiter, records } = parseCsv('sep=;\r\nMã cán bộ;Nhóm,khác\r\nSL-1;Cán bộ\r\n');

    assert.equal(delimiter, ';');
    assert.deepEqual(records[0], { row: 1, cells: ['Mã cán bộ', 'Nhóm,khác'] });
    assert.equal(records[1].row, 2);
  });

  test('accepts CRLF, LF and lone CR line ends in one file', () => {
    assert.deepEqual(cellsOf('a\r\nb\nc\rd'), [['a'], ['b'], ['c'], ['d']]);
  });

  test('numbers records as a spreadsheet shows them: blank lines count, multi-line cells do not', () => {
    assert.deepEqual(rowsOf('h\n"x\ny"\n\n\nz\n'), [1, 2, 5]);
  });

  test('does not make a record of the final line break', () => {
    assert.equal(parseCsv('a,b\r\n1,2\r\n').records.length, 2);
  });

  test('keeps empty fields, including trailing ones', () => {
    assert.deepEqual(cellsOf('a,,\n,,b'), [
      ['a', '', ''],
      ['', '', 'b'],
    ]);
  });

  test('returns nothing for an empty text', () => {
    assert.deepEqual(parseCsv('').records, []);
  });

  test('names the row where a quote was opened and never closed', () => {
    assert.throws(
      () => parseCsv('a,b\n1,2\n3,"không đóng\n4,5\n'),
      (error: unknown) => error instanceof CsvSyntaxError && error.row === 3 && /dòng 3/.test(error.message),
    );
  });

  test('stops after maxRecords non-blank records and says it was truncated', () => {
    const { records, truncated } = parseCsv('h\n\n1\n2\n3\n', { maxRecords: 3 });

    assert.equal(truncated, true);
    assert.deepEqual(
      records.map((record) => record.cells[0]),
      ['h', '1', '2'],
    );
  });

  test('reads back exactly what csvField wrote, whatever the text', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Đ', 'ữ', ',', ';', '"', '\n', '\r\n', ' ', '1') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom(',' as const, ';' as const), (rows, delimiter) => {
        // A record whose cells are all blank is dropped on reading, as a blank line is.
        const kept = rows.filter((cells) => cells.some((value) => value.trim() !== ''));
        const text = rows.map((cells) => cells.map((value) => csvField(value, delimiter)).join(delimiter)).join('\r\n');

        assert.deepEqual(
          parseCsv(text, { delimiter }).records.map((record) => record.cells),
          kept,
        );
      }),
    );
  });
});
