/**
 * The export of training records as XLSX or CSV: one row per training, labelled in Vietnamese
 * (the same columns in both formats, CSV with formulas neutralised).
 */
import { ATTENDANCE_RESULT_LABELS } from '../../classes/labels.ts';
import { TRAINING_KINDS, labelOf } from '../../../schemas/vocabulary.ts';
import { tableCsv, tableXlsx, type TableColumn } from '../spreadsheet/xlsx.ts';
import type { TrainingRecord } from './training-records.ts';

/** Who a record belongs to, as the export names them. */
export interface RecordHolder {
  staffCode: string;
  fullName: string;
}

export const RECORD_COLUMNS: TableColumn[] = [
  { header: 'Mã cán bộ', width: 14 },
  { header: 'Họ và tên', width: 24 },
  { header: 'Hình thức', width: 12 },
  { header: 'Loại hình bồi dưỡng', width: 34 },
  { header: 'Nội dung', width: 44 },
  { header: 'Từ ngày', width: 12 },
  { header: 'Đến ngày', width: 12 },
  { header: 'Số giờ', width: 8, numFmt: '0.0' },
  { header: 'Căn cứ số giờ', width: 40 },
  { header: 'Kết quả', width: 18 },
  { header: 'Điểm', width: 8, numFmt: '0.0' },
  { header: 'Thang điểm', width: 10 },
  { header: 'Số chứng chỉ / mã giấy chứng nhận', width: 36 },
];

const dmy = (iso: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;

/** The cells of one record, in RECORD_COLUMNS order. */
export function recordCells(record: TrainingRecord, holder: RecordHolder | undefined): (string | number | null)[] {
  return [
    holder?.staffCode ?? '',
    holder?.fullName ?? '',
    record.source === 'online' ? 'Trực tuyến' : 'Lớp học',
    labelOf(TRAINING_KINDS, record.kind),
    record.content,
    dmy(record.startedOn),
    dmy(record.endedOn),
    record.hours,
    record.hoursBasis,
    ATTENDANCE_RESULT_LABELS[record.result],
    record.score,
    record.score === null ? '' : `/${record.scoreMax}`,
    record.certificateCode ?? '',
  ];
}

/** The records as a workbook. */
export function recordsXlsx(
  records: readonly TrainingRecord[],
  holders: ReadonlyMap<string, RecordHolder>,
): Promise<Uint8Array> {
  return tableXlsx(
    'Hồ sơ bồi dưỡng',
    RECORD_COLUMNS,
    records.map((record) => recordCells(record, holders.get(record.officialId))),
  );
}

/** The records as CSV text. */
export function recordsCsv(records: readonly TrainingRecord[], holders: ReadonlyMap<string, RecordHolder>): string {
  return tableCsv(
    RECORD_COLUMNS,
    records.map((record) => recordCells(record, holders.get(record.officialId))),
  );
}

/** One official's record as a table for their page: RECORD_COLUMNS without the holder's code and name. */
export function officialRecordTable(records: readonly TrainingRecord[]): {
  columns: { header: string; numeric: boolean }[];
  rows: (string | number | null)[][];
} {
  return {
    columns: RECORD_COLUMNS.slice(2).map((column) => ({ header: column.header, numeric: column.numFmt !== undefined })),
    rows: records.map((record) => recordCells(record, undefined).slice(2)),
  };
}
