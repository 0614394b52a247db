/**
 * Reporting periods of the Decision 700 indicators: the two phases (giai đoạn 2026–2028 and
 * 2029–2031), single years, and cumulative periods since the scheme began (1/1/2026 to the end of
 * 2027, 2029, 2030 or 2031: "lũy kế", e.g. seed 003's "100 % by the end of 2031"; to the end of
 * 2028 it is the first phase itself). Bounds are midnight in Vietnam (UTC+7), end exclusive. Pure.
 */
import { VIETNAM_OFFSET_MS, vietnamDate } from '../vietnam-time.ts';

/** A reporting period: its key as written in URLs ("2026-2028", "2027"), label and bounds. */
export interface Period {
  key: string;
  label: string;
  /** First instant of the period (ms). */
  start: number;
  /** First instant after the period (ms). */
  end: number;
  /** The indicators' targets differ by phase; a year takes the target of its phase. */
  phase: '2026-2028' | '2029-2031';
  /** True for a cumulative period that is not a phase or a year ("2026-2031": since 1/1/2026). */
  cumulative?: boolean;
}

/** The first year of the scheme: cumulative figures count from 1 January of it. */
export const FIRST_YEAR = 2026;

/** The two phases of the scheme. */
export const PHASES = ['2026-2028', '2029-2031'] as const;

/** Midnight of 1 January of the year, Vietnam time, in ms. */
export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) - VIETNAM_OFFSET_MS;
}

/** The period a key names, or undefined for anything else (answer 404 or fall back). */
export function parsePeriod(key: string | null | undefined): Period | undefined {
  if (!key) return undefined;
  const phase = /^(\d{4})-(\d{4})$/.exec(key);
  if (phase) {
    const from = Number(phase[1]);
    const to = Number(phase[2]);
    if (key === '2026-2028' || key === '2029-2031')
      return { key, label: `Giai đoạn ${from}–${to}`, start: yearStart(from), end: yearStart(to + 1), phase: key };
    if (from !== FIRST_YEAR || to < 2027 || to > 2031) return undefined;
    return {
      key,
      label: `Lũy kế ${from}–${to}`,
      start: yearStart(from),
      end: yearStart(to + 1),
      phase: to <= 2028 ? '2026-2028' : '2029-2031',
      cumulative: true,
    };
  }
  const year = /^(\d{4})$/.exec(key);
  if (year) {
    const value = Number(year[1]);
    if (value < 2026 || value > 2031) return undefined;
    return {
      key,
      label: `Năm ${value}`,
      start: yearStart(value),
      end: yearStart(value + 1),
      phase: value <= 2028 ? '2026-2028' : '2029-2031',
    };
  }
  return undefined;
}

/** The phase containing the instant (the first phase before 2029, the second after). */
export function currentPhase(now = Date.now()): Period {
  return parsePeriod(now >= yearStart(2029) ? '2029-2031' : '2026-2028')!;
}

/** Every period an administrator can choose: the phases, then the years. */
export function periodChoices(): Period[] {
  const keys = [...PHASES, '2026', '2027', '2028', '2029', '2030', '2031'];
  return keys.map((key) => parsePeriod(key)!);
}

/** Keys of the cumulative periods that are neither a phase nor a year. */
export const CUMULATIVE_KEYS = ['2026-2027', '2026-2029', '2026-2030', '2026-2031'] as const;

/**
 * The period from 1/1/2026 to the end of `period`: the cumulative figures shown beside a phase or
 * year (the same period for the first phase and for 2026).
 */
export function cumulativeOf(period: Period): Period {
  const endYear = new Date(period.end + VIETNAM_OFFSET_MS - 1).getUTCFullYear();
  if (endYear === FIRST_YEAR) return parsePeriod(String(FIRST_YEAR))!;
  return parsePeriod(`${FIRST_YEAR}-${endYear}`)!;
}

/** Whether two periods have the same bounds (a cumulative figure would repeat the period's). */
export function sameBounds(a: Period, b: Period): boolean {
  return a.start === b.start && a.end === b.end;
}

/**
 * Every period whose figures are kept per official (src/lib/server/indicators/): what a
 * dashboard can ask for, the cumulative ones included.
 */
export function storedPeriods(): Period[] {
  return [...periodChoices(), ...CUMULATIVE_KEYS.map((key) => parsePeriod(key)!)];
}

/** "2026-03" for an instant, the month in Vietnam time. */
export function monthKey(at: number): string {
  return vietnamDate(at).slice(0, 7);
}

/** Every month key of the period, in order. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  const first = new Date(period.start + VIETNAM_OFFSET_MS);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  while (Date.UTC(year, month, 1) - VIETNAM_OFFSET_MS < period.end) {
    months.push(`${year}-${String(month + 1).padStart(2, '0')}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return months;
}
