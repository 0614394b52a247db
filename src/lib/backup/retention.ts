/**
 * Names of backup archives and which old ones to delete. Pure.
 *
 * An archive is named after the moment the backup began, in UTC:
 * hoc-lieu-so-2026-12-06T20-35-12-345Z.tar.gz (its checksum beside it: the same name + ".sha256").
 * Retention ("--keep 7d,4w"): walking from the newest archive back, the newest archive of each of
 * the last 7 days that have one is kept, and the newest of each of the last 4 ISO weeks that have
 * one ("m" counts months the same way); an archive kept by any rule stays, the others are deleted.
 * Days, weeks and months are those of Vietnam (UTC+7, no daylight saving time).
 */
import { VIETNAM_OFFSET_MS } from '../vietnam-time.ts';

const PREFIX = 'hoc-lieu-so-';
const NAME = /^hoc-lieu-so-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.tar\.gz$/;

/** The archive file name of a backup begun at `at`. */
export function archiveName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/:/g, '-').replace('.', '-')}.tar.gz`;
}

/** When the backup of an archive file name began, or undefined for any other name. */
export function archiveTime(name: string): Date | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms] = match;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

/** "7d,4w" (also "12m", in any order) as a policy; undefined when it is not one. */
export function parseKeep(text: string): RetentionPolicy | undefined {
  const policy: RetentionPolicy = { daily: 0, weekly: 0, monthly: 0 };
  const seen = new Set<string>();
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const match = /^(\d{1,4})([dwm])$/.exec(part);
    if (!match || seen.has(match[2])) return undefined;
    seen.add(match[2]);
    const value = Number(match[1]);
    if (match[2] === 'd') policy.daily = value;
    if (match[2] === 'w') policy.weekly = value;
    if (match[2] === 'm') policy.monthly = value;
  }
  return policy.daily + policy.weekly + policy.monthly > 0 ? policy : undefined;
}

/** The Vietnam calendar day, ISO week and month of an instant, as bucket keys. */
export function buckets(at: Date): { day: string; week: string; month: string } {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const day = local.toISOString().slice(0, 10);
  // ISO week: the week's Thursday decides the year.
  const weekday = (local.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - weekday + 3));
  const dayOfYear = (thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return { day, week: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`, month: day.slice(0, 7) };
}

/**
 * The archive names to delete under `policy`, among `names` (other files are never touched). The
 * newest archive is always kept.
 */
export function archivesToPrune(names: readonly string[], policy: RetentionPolicy): string[] {
  const archives = names
    .map((name) => ({ name, at: archiveTime(name) }))
    .filter((archive): archive is { name: string; at: Date } => archive.at !== undefined)
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>(archives.slice(0, 1).map((archive) => archive.name));
  for (const [rule, limit] of [
    ['day', policy.daily],
    ['week', policy.weekly],
    ['month', policy.monthly],
  ] as const) {
    const seen = new Set<string>();
    for (const archive of archives) {
      if (seen.size >= limit) break;
      const key = buckets(archive.at)[rule];
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(archive.name);
    }
  }
  return archives.filter((archive) => !keep.has(archive.name)).map((archive) => archive.name);
}
