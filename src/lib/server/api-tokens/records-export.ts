/**
 * The records screen's exports, streamed as they are read: XLSX through exceljs's streaming
 * writer (rows committed one by one, never the whole workbook in memory) and CSV with a UTF-8
 * BOM and formula injection neutralised. Each export is written to the audit log first.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Database } from '../../../../db/client.ts';
import { csvField } from '../../spreadsheet/csv.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from '../spreadsheet/xlsx.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { MODE_LABELS, RESULT_LABELS, certificateLabel, dayMonthYear, kindLabel } from './record-labels.ts';
import { allTrainingRecords, type RecordsQuery, type TrainingRecord } from './training-records.ts';
import { vietnamDate } from '../../vietnam-time.ts';

/** The columns of both exports, in order. */
const COLUMNS: { header: string; width: number; value: (record: TrainingRecord) => string | number | null }[] = [
  { header: 'Mã cán bộ', width: 14, value: (r) => r.staffCode },
  { header: 'Họ và tên', width: 26, value: (r) => r.fullName },
  { header: 'Đơn vị', width: 28, value: (r) => r.unitName },
  { header: 'Mã đơn vị', width: 12, value: (r) => r.unitCode },
  { header: 'Hình thức', width: 12, value: (r) => MODE_LABELS[r.mode] },
  { header: 'Loại bồi dưỡng', width: 36, value: (r) => kindLabel(r.kind) },
  { header: 'Nội dung', width: 40, value: (r) => r.title },
  { header: 'Từ ngày', width: 12, value: (r) => dayMonthYear(r.startsOn) },
  { header: 'Đến ngày', width: 12, value: (r) => dayMonthYear(r.endsOn) },
  { header: 'Số giờ', width: 8, value: (r) => r.hours },
  { header: 'Căn cứ số giờ', width: 40, value: (r) => r.hoursBasis },
  { header: 'Kết quả', width: 16, value: (r) => RESULT_LABELS[r.result] ?? r.result },
  { header: 'Điểm', width: 8, value: (r) => r.score },
  { header: 'Thang điểm', width: 10, value: (r) => r.scoreScale },
  { header: 'Chứng nhận', width: 30, value: (r) => certificateLabel(r) },
];

export type ExportFormat = 'xlsx' | 'csv';

/** Who exports what, for the audit entry. */
export interface ExportRequest {
  userId: string;
  /** The unit filtered by, or null for the whole scope. */
  unitId: string | null;
  /** The screen's filters as given, kept in the audit entry. */
  filters: Record<string, string>;
}

function download(body: ReadableStream, fileName: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** The records export as a streamed download; the audit entry is written before the first byte. */
export async function exportRecords(
  db: Database,
  query: RecordsQuery,
  format: ExportFormat,
  who: ExportRequest,
  now = new Date(),
): Promise<Response> {
  const day = vietnamDate(now);
  const fileName = `ho-so-boi-duong-${day}.${format}`;
  await recordAudit(db, {
    action: 'export',
    userId: who.userId,
    unitId: who.unitId,
    target: `export:${fileName}`,
    details: { format, filters: who.filters },
    at: now,
  });
  const batches = allTrainingRecords(db, query);
  if (format === 'csv') return download(csvStream(batches), fileName, CSV_CONTENT_TYPE);
  return download(xlsxStream(batches), fileName, XLSX_CONTENT_TYPE);
}

function csvStream(batches: AsyncGenerator<TrainingRecord[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${COLUMNS.map((column) => csvField(column.header)).join(',')}\r\n`));
        return;
      }
      const { done, value } = await batches.next();
      if (done) return controller.close();
      controller.enqueue(
        encoder.encode(
          value.map((record) => `${COLUMNS.map((column) => csvField(column.value(record))).join(',')}\r\n`).join(''),
        ),
      );
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

function xlsxStream(batches: AsyncGenerator<TrainingRecord[]>): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Học Liệu Số';
  const sheet = workbook.addWorksheet('Hồ sơ bồi dưỡng', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    for await (const batch of batches) {
      for (const record of batch) sheet.addRow(COLUMNS.map((column) => column.value(record))).commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => {
    console.error('records export failed', error);
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}
