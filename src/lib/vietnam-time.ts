/**
 * Vietnam's time, whatever the server's or the browser's: UTC+7 all year, no daylight saving time
 * (true since 1975), so a fixed offset and the time-zone name give the same answers. Pure.
 */

/** For Intl formatters: `timeZone: VIETNAM_TIME_ZONE`. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** UTC+7 in milliseconds, for arithmetic on epoch-ms instants. */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** UTC+7 in seconds, for SQLite's `unixepoch()` and `'unixepoch'` modifier. */
export const VIETNAM_OFFSET_SECONDS = VIETNAM_OFFSET_MS / 1000;

/** A moment (a Date or epoch ms) as its calendar date in Vietnam: "2026-07-01". */
export function vietnamDate(moment: Date | number): string {
  return new Date(Number(moment) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in Vietnam, where the records are kept. */
export function todayInVietnam(now: Date | number = new Date()): string {
  return vietnamDate(now);
}

/** Day, month and year of a moment in Vietnam, as written on documents: { day: '05', month: '11', year: '2026' }. */
export function vietnamDateParts(moment: Date | number): { day: string; month: string; year: string } {
  const [year, month, day] = vietnamDate(moment).split('-') as [string, string, string];
  return { day, month, year };
}

/** True for a real calendar date written YYYY-MM-DD (not "2026-02-30"). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Midnight at the start of a calendar date (YYYY-MM-DD) in Vietnam, in ms; NaN for an impossible date. */
export function vietnamMidnight(date: string): number {
  const at = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== date) return Number.NaN;
  return at - VIETNAM_OFFSET_MS;
}
