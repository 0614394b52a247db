/** Shares as the statistics pages show them: 0.456 → "45,6%". Pure. */
import { formatNumber } from '../../../lib/format.ts';

export function formatShare(share: number): string {
  return `${formatNumber(Math.round(share * 1000) / 10)}%`;
}

/** "2026-03" → "03/2026". */
export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** Every month from the first to the last given, so the chart shows quiet months as zero. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number);
  const [lastYear, lastMonth] = last.split('-').map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    if (months.length > 240) break;
  }
  return months;
}
