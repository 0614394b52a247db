/**
 * CSV for exports: RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark so Excel reads
 * Vietnamese right, and formula injection neutralised: a cell that a spreadsheet would take as a
 * formula (starting with = + - @, tab or carriage return) gets a leading apostrophe. Pure.
 */

/** A cell value as exports hand it over; null and undefined become empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text a cell carries, made safe to open in a spreadsheet (OWASP's CSV injection advice). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: neutralised if text, quoted when it holds a comma, quote or line break. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers we produce ourselves are never formulas; a negative number stays a number.
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document (header first), BOM included, as a string. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
