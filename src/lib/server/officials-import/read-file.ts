/**
 * Recognises an uploaded file by its name and its first bytes, and reads it into sheet rows:
 * XLSX through exceljs, CSV (UTF-8) through the RFC 4180 parser. Anything else, an old .xls,
 * a CSV saved in another encoding, is refused with a sentence saying how to save it right.
 */
import { readFile } from 'node:fs/promises';
import { ImportError, MAX_ROWS } from '../../officials-import/errors.ts';
import { CsvSyntaxError, parseCsv } from '../../officials-import/parse-csv.ts';
import { tooManyRows } from '../../officials-import/sheet.ts';
import type { OfficialsXlsxJobInput } from './xlsx-job.ts';
import type { SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { runInWorker, serverWorkerFile, WorkerJobError } from '../uploads/parse-worker.ts';

export type UploadFormat = 'xlsx' | 'csv';

/** An upload: its bytes, or the temporary file it was streamed to (uploads/stream-to-disk.ts) with its first bytes. */
export type UploadSource = Uint8Array | { path: string; size: number; head: Uint8Array };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

const WRONG_KIND = 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv). Hãy tải tệp mẫu, điền danh sách rồi tải lên lại.';

/** The format of an upload, or a 415 refusal explaining which files are accepted. */
export function detectFormat(fileName: string, bytes: Uint8Array): UploadFormat {
  if (bytes.length === 0)
    throw new ImportError(400, 'Tệp đã chọn không có nội dung. Hãy chọn lại tệp danh sách cán bộ.');
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(bytes, OLE) || extension === 'xls') {
    throw new ImportError(
      415,
      'Tệp Excel kiểu cũ (.xls) chưa được hỗ trợ. Trong Excel, hãy chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi tải lên lại.',
    );
  }
  if (extension === 'xlsx' || extension === 'xlsm') {
    if (!startsWith(bytes, ZIP))
      throw new ImportError(415, `Tệp "${fileName}" không phải tệp Excel (.xlsx) hợp lệ. ${WRONG_KIND}`);
    return 'xlsx';
  }
  if (extension === 'csv' || extension === 'txt') {
    if (startsWith(bytes, ZIP) || bytes.subarray(0, 4096).includes(0))
      throw new ImportError(415, `Tệp "${fileName}" không phải tệp CSV dạng văn bản. ${WRONG_KIND}`);
    return 'csv';
  }
  throw new ImportError(415, WRONG_KIND);
}

/** CSV bytes as text: UTF-8 only (with or without BOM), since other encodings garble Vietnamese. */
export function decodeCsv(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new ImportError(
      415,
      'Tệp CSV đang ở mã UTF-16. Trong Excel, hãy chọn Lưu thành → CSV UTF-8 (Comma delimited) rồi tải lên lại.',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(
      415,
      'Tệp CSV không ở mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. Trong Excel, hãy chọn Lưu thành → CSV UTF-8 (Comma delimited), hoặc dùng tệp Excel (.xlsx).',
    );
  }
}

/**
 * Reads the rows of an upload (header first). `onRow` hears how many rows were read so far. A
 * workbook is checked for zip bombs and parsed in a worker with a memory cap (xlsx-job.ts).
 */
export async function readSheetRows(
  fileName: string,
  source: UploadSource,
  onRow?: (rowsRead: number) => void,
): Promise<SheetRow[]> {
  const onDisk = source instanceof Uint8Array ? undefined : source;
  // Only the first bytes and the size are needed to tell the format (an empty file has neither).
  const format = detectFormat(
    fileName,
    onDisk ? (onDisk.size === 0 ? new Uint8Array() : onDisk.head) : (source as Uint8Array),
  );
  if (format === 'xlsx') {
    const input: OfficialsXlsxJobInput = { source: onDisk ? onDisk.path : (source as Uint8Array) };
    try {
      return await runInWorker<OfficialsXlsxJobInput, SheetRow[]>(
        serverWorkerFile('officials-import/xlsx-job.ts'),
        input,
        { onProgress: (read) => onRow?.(read as number) },
      );
    } catch (error) {
      if (error instanceof WorkerJobError) throw new ImportError(error.status, error.message);
      throw error;
    }
  }
  // CSV is at most MAX_FILE_BYTES (10 MB) of text: read whole.
  const bytes = onDisk ? new Uint8Array(await readFile(onDisk.path)) : (source as Uint8Array);
  try {
    // The header plus MAX_ROWS data rows; one more means the file is too long.
    const { records, truncated } = parseCsv(decodeCsv(bytes), { maxRecords: MAX_ROWS + 1 });
    if (truncated) throw tooManyRows();
    onRow?.(records.length);
    return records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportError(422, `Không đọc được tệp CSV: ${error.message}`);
    throw error;
  }
}
