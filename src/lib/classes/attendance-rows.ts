/**
 * Validation of an attendance list (columns Mã cán bộ, Họ và tên, Kết quả, Điểm, Số chứng chỉ):
 * every row is checked and every problem reported with its row number, and nothing is written
 * unless the whole list is right. Pure: the caller supplies the officials in scope by staff code.
 */
import type { AttendanceResult } from './vocabulary.ts';
import type { SheetRow } from '../spreadsheet/sheet-rows.ts';
import { enrolledDetailsProblem, resultTooEarly } from './result-timing.ts';

/** One attendee ready to record. */
export interface AttendanceInput {
  officialId: string;
  result: AttendanceResult;
  score: number | null;
  certificateNumber: string | null;
}

export interface RowError {
  row: number;
  message: string;
}

export const ATTENDANCE_COLUMNS = ['Mã cán bộ', 'Họ và tên', 'Kết quả', 'Điểm', 'Số chứng chỉ'] as const;

/** Lower case, no diacritics, single spaces: how names and results are compared. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const RESULTS: Record<string, AttendanceResult> = {
  'hoan thanh': 'hoan-thanh',
  'khong hoan thanh': 'khong-hoan-thanh',
  'chua hoan thanh': 'khong-hoan-thanh',
  vang: 'vang',
  'da dang ky': 'da-dang-ky',
  'da dang ky (chua co ket qua)': 'da-dang-ky',
  'dang ky': 'da-dang-ky',
};

/** A score "8", "8,5" or "8.5" between 0 and 10, or an error message. */
export function parseScore(text: string): number | null | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d{1,2}([.,]\d{1,2})?$/.test(trimmed))
    return { error: `Điểm "${trimmed}" không phải là số. Hãy ghi số từ 0 đến 10, ví dụ 8,5.` };
  const value = Number(trimmed.replace(',', '.'));
  if (value > 10) return { error: `Điểm ${trimmed} lớn hơn 10. Hãy ghi điểm theo thang 10.` };
  return value;
}

/** The officials a list may name, by staff code (upper case): only those in the administrator's scope. */
export type OfficialsByCode = ReadonlyMap<string, { id: string; fullName: string }>;

/** The class's last day and today (YYYY-MM-DD, Vietnam): final results only from that day (result-timing.ts). */
export interface ClassTiming {
  endsOn: string;
  today: string;
}

/**
 * The attendees of a list (header row first), or every row error. Staff codes outside the scope
 * read exactly like codes that do not exist.
 */
export function validateAttendanceRows(
  rows: readonly SheetRow[],
  officials: OfficialsByCode,
  timing: ClassTiming,
): { attendances: AttendanceInput[] } | { errors: RowError[] } {
  const [header, ...data] = rows;
  if (!header)
    return { errors: [{ row: 1, message: 'Tệp không có dòng nào. Hãy dùng tệp mẫu, dòng đầu là tiêu đề cột.' }] };
  const columns = ATTENDANCE_COLUMNS.map((name) => header.cells.findIndex((cell) => foldText(cell) === foldText(name)));
  const missing = ATTENDANCE_COLUMNS.filter((_, index) => columns[index] < 0);
  if (missing.length)
    return {
      errors: [
        {
          row: header.row,
          message: `Dòng tiêu đề thiếu cột: ${missing.join(', ')}. Các cột cần có: ${ATTENDANCE_COLUMNS.join(', ')}.`,
        },
      ],
    };
  if (data.length === 0)
    return { errors: [{ row: header.row, message: 'Tệp chỉ có dòng tiêu đề, chưa có cán bộ nào.' }] };
  if (data.length > 2000)
    return { errors: [{ row: header.row, message: 'Một lớp chỉ nhận tối đa 2.000 học viên mỗi lần nhập.' }] };

  const errors: RowError[] = [];
  const attendances: AttendanceInput[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of data) {
    const cell = (index: number) => (cells[columns[index]] ?? '').trim();
    const code = cell(0).toUpperCase();
    const before = errors.length;
    const official = code ? officials.get(code) : undefined;
    if (!code) errors.push({ row, message: `Dòng ${row}: thiếu mã cán bộ.` });
    else if (!official)
      errors.push({ row, message: `Dòng ${row}: không tìm thấy cán bộ có mã ${code} trong phạm vi quản lý.` });
    else if (seen.has(code))
      errors.push({ row, message: `Dòng ${row}: mã cán bộ ${code} đã có ở dòng ${seen.get(code)}.` });
    else if (cell(1) && foldText(cell(1)) !== foldText(official.fullName)) {
      errors.push({
        row,
        message: `Dòng ${row}: họ và tên "${cell(1)}" không khớp với cán bộ ${code} (${official.fullName}).`,
      });
    }
    if (code) seen.set(code, seen.get(code) ?? row);
    const result = RESULTS[foldText(cell(2))];
    if (!result)
      errors.push({
        row,
        message: `Dòng ${row}: kết quả "${cell(2)}" không hợp lệ. Hãy ghi Hoàn thành, Không hoàn thành, Vắng hoặc Đã đăng ký.`,
      });
    const early = result && resultTooEarly(result, timing.endsOn, timing.today);
    if (early) errors.push({ row, message: `Dòng ${row}: ${early}` });
    const score = parseScore(cell(3));
    if (score !== null && typeof score === 'object') errors.push({ row, message: `Dòng ${row}: ${score.error}` });
    const certificate = cell(4);
    if (certificate.length > 100) errors.push({ row, message: `Dòng ${row}: số chứng chỉ dài quá 100 ký tự.` });
    if (result === 'vang' && certificate)
      errors.push({ row, message: `Dòng ${row}: cán bộ vắng không thể có số chứng chỉ.` });
    const enrolled =
      result && (score === null || typeof score === 'number')
        ? enrolledDetailsProblem(result, score, certificate || null)
        : undefined;
    if (enrolled) errors.push({ row, message: `Dòng ${row}: ${enrolled}` });
    if (errors.length === before && official && result) {
      attendances.push({
        officialId: official.id,
        result,
        score: score as number | null,
        certificateNumber: certificate || null,
      });
    }
  }
  return errors.length ? { errors } : { attendances };
}
