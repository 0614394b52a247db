/**
 * The rules of an assignment's deadline (hạn hoàn thành), pure: how a deadline is written, when
 * it is acceptable, when an assignment is overdue and by how many days. Dates are calendar days
 * in Vietnam written YYYY-MM-DD, so comparing the strings compares the days.
 */
import { isCalendarDate } from '../vietnam-time.ts';

/** How far ahead a deadline may be set (the longest training kind lasts months, a phase three years). */
export const MAX_DEADLINE_YEARS = 5;

/** "31/12/2026", "31/12/2026 " or "2026-12-31" → "2026-12-31"; anything else (or a day that does not exist) → null. */
export function parseDeadline(input: string): string | null {
  const text = input.trim();
  const vietnamese = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = vietnamese
    ? `${vietnamese[3]}-${vietnamese[2].padStart(2, '0')}-${vietnamese[1].padStart(2, '0')}`
    : text;
  return isCalendarDate(iso) ? iso : null;
}

/** Why a deadline cannot be accepted on day `today`, as a Vietnamese sentence; null when it can. */
export function deadlineProblem(deadline: string | null, today: string): string | null {
  if (deadline === null)
    return 'Hạn hoàn thành không hợp lệ. Hãy nhập một ngày có thật theo dạng ngày/tháng/năm, ví dụ 31/12/2026.';
  if (deadline <= today) return 'Hạn hoàn thành phải sau ngày hôm nay.';
  if (deadline > addYears(today, MAX_DEADLINE_YEARS))
    return `Hạn hoàn thành không được quá ${MAX_DEADLINE_YEARS} năm kể từ hôm nay.`;
  return null;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Days an assignment is overdue on `today`: 0 up to and including the deadline day, then 1, 2, … */
export function daysOverdue(deadline: string, today: string): number {
  return Math.max(0, daysBetween(deadline, today));
}

/** Where an assignment stands, for the learner and the administrators. */
export type AssignmentStatus = 'da-huy' | 'hoan-thanh' | 'qua-han' | 'con-han';

/**
 * The one rule: cancelled wins; then a completion of the course (at any time, even before the
 * assignment or after the deadline) fulfils it; otherwise it is overdue once the deadline day has passed.
 */
export function assignmentStatus(
  assignment: { deadline: string; cancelled: boolean; completed: boolean },
  today: string,
): AssignmentStatus {
  if (assignment.cancelled) return 'da-huy';
  if (assignment.completed) return 'hoan-thanh';
  return daysOverdue(assignment.deadline, today) > 0 ? 'qua-han' : 'con-han';
}

/** Words for each status. */
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  'da-huy': 'Đã hủy',
  'hoan-thanh': 'Đã hoàn thành',
  'qua-han': 'Quá hạn',
  'con-han': 'Còn hạn',
};

function addYears(date: string, years: number): string {
  const [year, rest] = [Number(date.slice(0, 4)), date.slice(4)];
  // 29/02 plus years lands on 28/02 of a common year rather than on an impossible day.
  const candidate = `${year + years}${rest}`;
  return isCalendarDate(candidate) ? candidate : `${year + years}-02-28`;
}
