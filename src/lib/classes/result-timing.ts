/**
 * When a class's results may be recorded. A final result (hoàn thành, không hoàn thành, vắng) is
 * accepted from the class's last day on: the indicators count a class completion on that day
 * (src/lib/indicators/compute.ts), so a result recorded for a class that ends later would count
 * in a period the class has not reached ("số liệu ảo"). Before then an attendee may only be
 * enrolled (đã đăng ký, no result yet). The server applies this to every write of attendances
 * (class-store.ts recordAttendances), the form and the list import alike. Pure.
 */
import { formatIsoDate } from '../format.ts';
import { ATTENDANCE_RESULT_LABELS } from './labels.ts';
import type { AttendanceResult } from './vocabulary.ts';

/** The result of an attendee enrolled before the class ends: no outcome yet. */
export const ENROLLED: AttendanceResult = 'da-dang-ky';

/** True for an outcome of the class (anything but "đã đăng ký"). */
export function isFinalResult(result: AttendanceResult): boolean {
  return result !== ENROLLED;
}

/** True once the class has reached its last day (dates YYYY-MM-DD in Vietnam). */
export function classHasEnded(endsOn: string, today: string): boolean {
  return endsOn <= today;
}

/** Why this result cannot be recorded today (a Vietnamese sentence naming the end date), or undefined. */
export function resultTooEarly(result: AttendanceResult, endsOn: string, today: string): string | undefined {
  if (!isFinalResult(result) || classHasEnded(endsOn, today)) return undefined;
  const end = formatIsoDate(endsOn);
  return `Lớp học kết thúc ngày ${end}: chưa thể ghi kết quả "${ATTENDANCE_RESULT_LABELS[result]}" trước ngày đó. Trước khi lớp kết thúc, hãy ghi danh học viên với kết quả "${ATTENDANCE_RESULT_LABELS[ENROLLED]}", rồi ghi kết quả từ ngày ${end}.`;
}

/** Why an enrolled attendee cannot carry a score or a certificate number, or undefined. */
export function enrolledDetailsProblem(
  result: AttendanceResult,
  score: number | null,
  certificateNumber: string | null,
): string | undefined {
  if (isFinalResult(result) || (score === null && !certificateNumber)) return undefined;
  return 'Học viên mới đăng ký chưa có điểm hay số chứng chỉ. Hãy để trống hai ô này, hoặc ghi kết quả khi lớp đã kết thúc.';
}
