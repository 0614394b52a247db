/**
 * The learning-progress island of lesson and case-study pages (they are prerendered, so the
 * learner is known only from the server's answers). It reports the lesson being opened, the
 * parts of each video actually played, case-study choices and "Hoàn thành bài học" to the
 * device queue (progress-sync.ts), shows the queue's state in a status line, marks the outline
 * with the learner's statuses and resumes a video where the learner stopped.
 */
import { flushOnExit, flushSoon, loadMyProgress, onSyncState, record, type SyncState } from './progress-sync.ts';
import { clockOf, resumeHref } from '../lib/progress/labels.ts';
import { tagItem, tagOutline } from './progress-view.ts';

/** Played video is reported at least this often while it plays. */
const REPORT_EVERY_MS = 15_000;

type Interval = [number, number];

const tenth = (seconds: number) => Math.round(seconds * 10) / 10;

/** The parts of `ranges` not covered by `taken`. */
function subtract(ranges: Interval[], taken: Interval[]): Interval[] {
  let rest = ranges;
  for (const [from, to] of taken) {
    rest = rest.flatMap(([start, end]): Interval[] =>
      to <= start || from >= end
        ? [[start, end]]
        : [...(from > start ? [[start, from] as Interval] : []), ...(to < end ? [[to, end] as Interval] : [])],
    );
  }
  return rest;
}

/** Watches one lesson video; returns the function that reports what was played since last time. */
function trackVideo(
  figure: HTMLElement,
  video: HTMLVideoElement,
  context: { courseId: string; lessonId?: string },
): () => void {
  let reported: Interval[] = [];
  let reportedAt = 0;
  const report = () => {
    const played: Interval[] = [];
    for (let i = 0; i < video.played.length; i++)
      played.push([tenth(video.played.start(i)), tenth(video.played.end(i))]);
    const fresh = subtract(played, reported).filter(([start, end]) => end - start >= 0.5);
    reportedAt = Date.now();
    if (fresh.length === 0) return;
    reported = played;
    const duration = tenth(video.duration || Number(video.dataset.duration));
    record({
      kind: 'video_watched',
      ...context,
      videoId: figure.dataset.videoId!,
      data: { intervals: fresh, position: Math.min(tenth(video.currentTime), duration), duration },
    });
  };
  video.addEventListener('play', () => (reportedAt = Date.now()));
  video.addEventListener('timeupdate', () => {
    if (!video.paused && Date.now() - reportedAt >= REPORT_EVERY_MS) report();
  });
  video.addEventListener('pause', report);
  video.addEventListener('ended', report);
  return report;
}

/** Sets a video to start at `seconds` and says so next to it. */
function resumeVideo(videoId: string | null, seconds: number, scroll: boolean): void {
  const figure = [...document.querySelectorAll<HTMLElement>('figure[data-video-id]')].find(
    (candidate) => candidate.dataset.videoId === videoId,
  );
  const video = figure?.querySelector('video');
  if (!figure || !video || !(seconds >= 1) || video.played.length > 0) return;
  const limit = Number(video.dataset.duration) || Infinity;
  if (seconds > limit - 3) return;
  video.currentTime = seconds;
  // A video with preload="none" may forget the start time until it has loaded its metadata.
  video.addEventListener('loadedmetadata', () => video.currentTime < 1 && (video.currentTime = seconds), {
    once: true,
  });
  const note = document.createElement('p');
  note.className = 'meta';
  note.textContent = `Video sẽ phát tiếp từ ${clockOf(seconds)}, chỗ anh/chị dừng lần trước.`;
  video.before(note);
  if (scroll) figure.scrollIntoView();
}

/** The status line's words for the queue's state; null keeps the current words (nothing worth announcing). */
function statusWords(state: SyncState): [string, boolean] | null {
  if (state.signedOut) {
    const waiting = state.pending > 0 ? ` ${state.pending} hoạt động đang chờ trên máy này.` : '';
    return [`Anh/chị chưa đăng nhập nên tiến độ chưa được lưu.${waiting} `, true];
  }
  if (state.pending === 0) return state.saved ? ['Đã lưu tiến độ.', false] : null;
  if (!state.online) return [`${state.pending} hoạt động đang chờ đồng bộ (đang ngoại tuyến).`, false];
  return state.retrying
    ? [`${state.pending} hoạt động đang chờ đồng bộ. Sẽ tự gửi lại khi kết nối ổn định.`, false]
    : null;
}

function showStatus(line: HTMLElement, state: SyncState): void {
  const words = statusWords(state);
  if (!words || line.dataset.words === words.join()) return;
  line.dataset.words = words.join();
  line.textContent = words[0];
  if (words[1]) {
    const link = document.createElement('a');
    link.href = `/dang-nhap/?next=${encodeURIComponent(location.pathname + location.search)}`;
    link.textContent = 'Đăng nhập để lưu tiến độ';
    line.append(link);
  }
}

/** Starts tracking on a page holding the progress panel ([data-progress-course]). */
function startTracker(panel: HTMLElement): void {
  const courseId = panel.dataset.progressCourse!;
  const lessonId = panel.dataset.progressLesson;
  const context = lessonId ? { courseId, lessonId } : { courseId };
  const form = panel.querySelector('form');
  const done = panel.querySelector<HTMLElement>('[data-completed]');
  const current = document.querySelector(`li[data-lesson-id="${lessonId}"]`);
  const showCompleted = () => {
    if (form) form.hidden = true;
    if (done) done.hidden = false;
    if (current) tagItem(current, 'completed');
  };

  onSyncState((state) => showStatus(panel.querySelector<HTMLElement>('[role="status"]')!, state));
  const progress = loadMyProgress(courseId);
  if (lessonId) record({ kind: 'lesson_opened', courseId, lessonId });
  flushSoon();

  const reporters = [...document.querySelectorAll<HTMLElement>('figure[data-video-id]')].flatMap((figure) => {
    const video = figure.querySelector('video');
    return video ? [trackVideo(figure, video, context)] : [];
  });
  addEventListener('pagehide', () => {
    for (const report of reporters) report();
    flushOnExit();
  });

  document.addEventListener('click', (event) => {
    const option = (event.target as Element).closest?.<HTMLElement>(
      'section[data-case-study] a[data-decision][data-option]',
    );
    const study = option?.closest<HTMLElement>('section[data-case-study]');
    if (!option || !study) return;
    record({
      kind: 'case_decision',
      ...context,
      caseStudyId: study.dataset.caseStudy!,
      data: { decisionId: option.dataset.decision!, optionId: option.dataset.option! },
    });
  });

  // Without JavaScript the form posts to the server; with it, completion joins the offline queue.
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    record({ kind: 'lesson_completed', courseId, lessonId: lessonId! });
    showCompleted();
    done?.focus();
  });

  const params = new URLSearchParams(location.search);
  if (params.has('t')) resumeVideo(params.get('video'), Number(params.get('t')), true);

  void progress.then((courses) => {
    const course = courses?.find((candidate) => candidate.courseId === courseId);
    if (!course) return;
    tagOutline(course.lessons);
    const status = course.lessons.find((lesson) => lesson.lessonId === lessonId)?.status;
    if (status === 'completed') showCompleted();
    // The answer may predate this page's own lesson_opened: the lesson being read is under way.
    else if (current && status) tagItem(current, 'in_progress');
    const resume = course.resume;
    if (resume && resume.lessonId === lessonId && !params.has('t') && resumeHref(resume) !== resume.url) {
      resumeVideo(resume.videoId, resume.positionSeconds ?? 0, false);
    }
  });
}

const panel = document.querySelector<HTMLElement>('[data-progress-course]');
if (panel) startTracker(panel);
