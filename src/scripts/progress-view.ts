/** Shows a learner's lesson statuses on the outlines of a prerendered page (items marked data-lesson-id). */
import { STATUS_LABELS } from '../lib/progress/labels.ts';
import type { ProgressStatus } from '../schemas/api/progress.ts';

/** Puts (or replaces) the status tag right after the item's title. */
export function tagItem(item: Element, status: ProgressStatus): void {
  let tag = item.querySelector('.task-status');
  if (!tag) {
    tag = document.createElement('strong');
    (item.querySelector('a, strong') ?? item.firstChild)?.after(tag);
  }
  tag.className = `task-status task-status--${status}`;
  tag.innerHTML = `<span class="visually-hidden">Trạng thái: </span>${STATUS_LABELS[status]}`;
}

/** Tags every outline item of the page whose lesson the learner has a status for. */
export function tagOutline(lessons: readonly { lessonId: string; status: ProgressStatus }[]): void {
  const statusOf = new Map(lessons.map((lesson) => [lesson.lessonId, lesson.status]));
  for (const item of document.querySelectorAll<HTMLElement>('[data-lesson-id]')) {
    const status = statusOf.get(item.dataset.lessonId ?? '');
    if (status && item.tagName === 'LI') tagItem(item, status);
  }
}
