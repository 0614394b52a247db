/** Words for a learner's progress, shared by the server-rendered pages and the browser islands. Pure. */

import type { ProgressStatus } from '../../schemas/api/progress.ts';

/** Task-list labels (GOV.UK task list: the words carry the meaning, colour only helps). */
export const STATUS_LABELS: Record<ProgressStatus, string> = {
  not_started: 'Chưa bắt đầu',
  in_progress: 'Đang học',
  completed: 'Đã hoàn thành',
};

/** 83 → "1:23", the way players show a position. */
export function clockOf(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** The lesson address that resumes where the learner stopped, with the video position if any. */
export function resumeHref(resume: { url: string; videoId: string | null; positionSeconds: number | null }): string {
  if (!resume.videoId || !resume.positionSeconds || resume.positionSeconds < 1) return resume.url;
  return `${resume.url}?video=${encodeURIComponent(resume.videoId)}&t=${Math.floor(resume.positionSeconds)}`;
}
