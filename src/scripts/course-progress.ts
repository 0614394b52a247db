/**
 * The course page's progress island. The page is prerendered and stays as it is for visitors
 * who are not signed in; for a learner it shows the course's status and percentage, turns
 * "Bắt đầu học" into "Tiếp tục học" pointing at the resume point (with the video position), or
 * into "Làm bài kiểm tra cuối khóa" once only the final test is left, and tags each lesson of
 * the outline. Events still queued on this device are sent first, so
 * the figures include them.
 */
import type { CourseProgress } from '../schemas/api/progress.ts';
import { flush, loadMyProgress, onSyncState } from './progress-sync.ts';
import { STATUS_LABELS, resumeHref } from '../lib/progress/labels.ts';
import { tagOutline } from './progress-view.ts';

function show(island: HTMLElement, course: CourseProgress): void {
  const field = (name: string) => island.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
  const { requiredLessons: lessons, requiredVideos: videos, finalTest } = course;
  field('status').className = `task-status task-status--${course.status}`;
  field('status').textContent = STATUS_LABELS[course.status];
  field('summary').textContent =
    `Đã xong ${course.percent}%: ${lessons.done}/${lessons.total} bài bắt buộc` +
    (videos.total > 0 ? `, ${videos.done}/${videos.total} video bắt buộc` : '') +
    (finalTest ? `, bài kiểm tra cuối khóa ${finalTest.passed ? 'đã đạt' : 'chưa đạt'}.` : '.');
  field('bar').setAttribute('value', String(course.percent));
  island.hidden = false;
  const start = document.querySelector<HTMLAnchorElement>('[data-start-link]');
  if (start && course.nextStep?.kind === 'final_test') {
    start.href = course.nextStep.url;
    start.textContent = course.nextStep.label;
  } else if (start && course.resume && course.status === 'in_progress') {
    start.href = resumeHref(course.resume);
    start.textContent = 'Tiếp tục học';
  } else if (start && course.status === 'completed') {
    start.textContent = 'Xem lại khóa học';
  }
  tagOutline(course.lessons);
}

async function start(island: HTMLElement): Promise<void> {
  const courseId = island.dataset.courseProgress!;
  let courses = await loadMyProgress(courseId);
  if (!courses) return;
  let waiting = 0;
  onSyncState((state) => {
    waiting = state.pending;
    island.querySelector('[role="status"]')!.textContent =
      state.pending > 0
        ? `${state.pending} hoạt động trên máy này đang chờ đồng bộ${state.online ? '' : ' (đang ngoại tuyến)'}.`
        : '';
  });
  if (waiting > 0) {
    await flush();
    if (waiting === 0) courses = (await loadMyProgress(courseId)) ?? courses;
  }
  const course = courses.find((candidate) => candidate.courseId === courseId);
  if (course) show(island, course);
}

const island = document.querySelector<HTMLElement>('[data-course-progress]');
if (island) void start(island);
