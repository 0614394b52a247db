/** Formatting in the Vietnamese style: 1.234,5; dd/mm/yyyy; "1 giờ 20 phút". Pure. */

import { VIETNAM_TIME_ZONE } from './vietnam-time.ts';

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
// h23 so that no browser's locale data can turn 00:15 into 24:15 or 12:15 SA.
const clockFormat = new Intl.DateTimeFormat('vi-VN', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: VIETNAM_TIME_ZONE,
});
const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: VIETNAM_TIME_ZONE,
});

/** 1234.5 → "1.234,5". */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "2026-07-01" → "01/07/2026"; anything else is returned as it is. */
export function formatIsoDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

/** A date as dd/mm/yyyy, in Vietnam's time zone. */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** "20:15", in Vietnam's time zone. */
export function formatClockTime(date: Date): string {
  return clockFormat.format(date);
}

/** "20:15 24/11/2026": the form the quiz pages use for deadlines and waiting times. */
export function formatTimeAndDate(date: Date): string {
  return `${formatClockTime(date)} ${formatDate(date)}`;
}

/** "20:15 ngày 24/11/2026": a moment in a sentence or a table (sessions, accounts, imports, tokens). */
export function formatTimeOnDate(date: Date): string {
  return `${formatClockTime(date)} ngày ${formatDate(date)}`;
}

/** 80 → "1 giờ 20 phút"; 15 → "15 phút". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (hours === 0) return `${rest} phút`;
  return rest === 0 ? `${hours} giờ` : `${hours} giờ ${rest} phút`;
}

/** 95 → "1:35", the way players show durations. */
export function formatClock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** 95 → "1 phút 35 giây", for screen readers and text. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return `${rest} giây`;
  return rest === 0 ? `${minutes} phút` : `${minutes} phút ${rest} giây`;
}

/** Bytes as "1,2 MB" or "340 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(bytes / 1024 / 1024)} MB`;
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/**
 * Bytes in a refusal, to one decimal and down to the byte: "100 MB", "1,5 KB", "512 byte" (a
 * limit is stated exactly, where formatBytes rounds a file's size for a list).
 */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;
  return `${bytes.toLocaleString('vi-VN')} byte`;
}

/** Course length as the plans write it: "16 giờ (2 ngày)". */
export function formatCourseLength(hours: number, days: number): string {
  return `${formatNumber(hours)} giờ (${formatNumber(days)} ngày)`;
}
