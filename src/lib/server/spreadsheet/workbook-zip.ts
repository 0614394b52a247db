/**
 * The zip checks every uploaded workbook passes before exceljs reads it (uploads/zip-limits.ts),
 * run inside an upload worker by each import's job. Imports nothing that needs the database or
 * Astro, so Node runs it by stripping types.
 */
import { checkZipLimits, ZipLimitError, type ZipLimits } from '../uploads/zip-limits.ts';

const MB = 1024 * 1024;

/**
 * Workbooks. A 20,000-row officials list made by exceljs is 0.7 MB, inflating to 8.4 MB (sheet 7 MB,
 * ratio 11.6); 50,000 rows (the row limit) inflate to 21 MB. Excel's own files compress alike.
 */
export const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1_000,
  maxEntryBytes: 100 * MB,
  maxTotalBytes: 200 * MB,
  maxRatio: 100,
  ratioFromBytes: MB,
};

/** A workbook as a job receives it (a file path, or bytes), as the zip reader and exceljs take it. */
export function workbookSource(source: string | Uint8Array): string | Buffer {
  return typeof source === 'string' ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
}

/**
 * Checks a workbook against `limits`, local headers included. False when it is not a zip at all
 * (each import words that itself); throws ZipLimitError (422, a Vietnamese sentence) when it is
 * over a limit.
 */
export async function checkWorkbookZip(source: string | Buffer, limits: ZipLimits): Promise<boolean> {
  try {
    await checkZipLimits(source, limits, { label: 'Tệp Excel này', layout: true });
    return true;
  } catch (error) {
    if (error instanceof ZipLimitError && error.kind === 'unreadable') return false;
    throw error;
  }
}
