/**
 * What an uploaded sheet becomes once read, whatever reads it (the officials import, an
 * attendance list): rows of text cells with the row number a spreadsheet shows. Imports nothing,
 * so upload workers load it by stripping types.
 */

/** One row of a sheet: its number as the spreadsheet shows it, and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

const two = (n: number) => String(n).padStart(2, '0');

/** A cell's value (as exceljs gives it) as the text a person reads in it; dates as dd/mm/yyyy. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Excel dates have no time zone; exceljs puts them at UTC midnight.
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? ''
      : `${two(value.getUTCDate())}/${two(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if (typeof value === 'object') {
    const cell = value as {
      richText?: { text?: string }[];
      result?: unknown;
      text?: unknown;
      error?: string;
      formula?: string;
    };
    if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text ?? '').join('');
    if ('result' in cell || 'formula' in cell) return cellText(cell.result);
    if ('text' in cell) return cellText(cell.text);
    if (typeof cell.error === 'string') return cell.error;
  }
  return String(value);
}
