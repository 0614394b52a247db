/**
 * The island of <H5P> activities on a lesson page. The player frame is sandboxed into an opaque
 * origin and can only talk to the page by postMessage; anything in that frame (the package's own
 * scripts included) may send anything, so a message is taken only from the activity's own frame,
 * from the opaque origin, in the expected shape. Results then go to the server with the
 * learner's session, as practice results that never complete a course.
 */
import type { ApiError } from '../schemas/api/common.ts';
import type { H5pStatement } from '../schemas/api/h5p.ts';

/** A statement as the player frame reports it. */
interface Statement {
  verb: 'answered' | 'completed';
  raw?: number;
  max?: number;
  success?: boolean;
  completion?: boolean;
}

type PlayerMessage =
  { kind: 'height'; height: number } | { kind: 'ready' | 'missing' | 'error' } | { kind: 'xapi'; statement: Statement };

interface Activity {
  figure: HTMLElement;
  frame: HTMLIFrameElement;
  status: HTMLElement;
  packageId: string;
  courseId?: string;
  lessonId?: string;
  /** Statements sent from this page view; a runaway package cannot flood the server. */
  sent: number;
  /** Sends one after another, so the server sees them in order. */
  queue: Promise<void>;
}

const MAX_STATEMENTS_PER_VIEW = 50;
const MIN_HEIGHT = 150;
const MAX_HEIGHT = 6000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const optionalNumber = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value));
const optionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';

/** The message if it has the player's shape, else null. */
function playerMessage(data: unknown): PlayerMessage | null {
  if (!isRecord(data) || data.source !== 'hls-h5p') return null;
  if (data.kind === 'height')
    return typeof data.height === 'number' && Number.isFinite(data.height)
      ? { kind: 'height', height: data.height }
      : null;
  if (data.kind === 'ready' || data.kind === 'missing' || data.kind === 'error') return { kind: data.kind };
  if (data.kind !== 'xapi' || !isRecord(data.statement)) return null;
  const { verb, raw, max, success, completion } = data.statement;
  if (verb !== 'answered' && verb !== 'completed') return null;
  if (!optionalNumber(raw) || !optionalNumber(max) || !optionalBoolean(success) || !optionalBoolean(completion))
    return null;
  return {
    kind: 'xapi',
    statement: {
      verb,
      raw: raw as number | undefined,
      max: max as number | undefined,
      success: success as boolean | undefined,
      completion: completion as boolean | undefined,
    },
  };
}

const formatScore = (value: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(value);

function say(activity: Activity, words: string): void {
  activity.status.textContent = words;
}

async function send(activity: Activity, statement: Statement): Promise<void> {
  const hasScore =
    statement.raw !== undefined &&
    statement.max !== undefined &&
    statement.max > 0 &&
    statement.raw >= 0 &&
    statement.raw <= statement.max;
  const body: H5pStatement = {
    packageId: activity.packageId,
    courseId: activity.courseId,
    lessonId: activity.lessonId,
    verb: statement.verb,
    score: hasScore ? { raw: statement.raw!, max: statement.max! } : undefined,
    success: statement.success,
    completion: statement.completion,
  };
  let response: Response;
  try {
    response = await fetch('/api/v1/h5p/results', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    say(activity, 'Chưa lưu được kết quả luyện tập vì mất kết nối.');
    return;
  }
  if (response.status === 401) {
    say(activity, 'Anh/chị chưa đăng nhập nên kết quả luyện tập không được lưu.');
    return;
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as Partial<ApiError> | null;
    say(activity, `Chưa lưu được kết quả luyện tập: ${answer?.error ?? `lỗi ${response.status}`}`);
    return;
  }
  activity.figure.dataset.h5pSaved = String(Number(activity.figure.dataset.h5pSaved ?? 0) + 1);
  say(
    activity,
    hasScore
      ? `Đã lưu kết quả luyện tập: ${formatScore(statement.raw!)}/${formatScore(statement.max!)} điểm.`
      : 'Đã lưu kết quả luyện tập.',
  );
}

function showMissing(activity: Activity): void {
  if (activity.figure.dataset.h5pState === 'missing') return;
  const notice = document.createElement('p');
  notice.className = 'h5p-activity__missing';
  notice.textContent = `Hoạt động này (mã “${activity.packageId}”) chưa được cài đặt trên hệ thống nên chưa làm được. Giảng viên phụ trách cần nhập gói H5P có mã này.`;
  activity.frame.replaceWith(notice);
  activity.figure.dataset.h5pState = 'missing';
}

function handle(activity: Activity, message: PlayerMessage): void {
  switch (message.kind) {
    case 'height':
      activity.frame.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(message.height)))}px`;
      return;
    case 'ready':
    case 'error':
      activity.figure.dataset.h5pState = message.kind;
      return;
    case 'missing':
      showMissing(activity);
      return;
    case 'xapi':
      if (activity.sent >= MAX_STATEMENTS_PER_VIEW) return;
      activity.sent += 1;
      activity.queue = activity.queue.then(() => send(activity, message.statement));
  }
}

const activities: Activity[] = [...document.querySelectorAll<HTMLElement>('[data-h5p-activity]')].flatMap((figure) => {
  const frame = figure.querySelector<HTMLIFrameElement>('iframe[data-h5p-frame]');
  const status = figure.querySelector<HTMLElement>('[data-h5p-status]');
  const packageId = figure.dataset.h5pPackage;
  if (!frame || !status || !packageId) return [];
  return [
    {
      figure,
      frame,
      status,
      packageId,
      courseId: figure.dataset.h5pCourse,
      lessonId: figure.dataset.h5pLesson,
      sent: 0,
      queue: Promise.resolve(),
    },
  ];
});

/** Asks a player to repeat its state, which it may have sent before this script ran. */
function greet(activity: Activity): void {
  // The frame's origin is opaque, so no origin can be named; the greeting carries no data.
  activity.frame.contentWindow?.postMessage({ source: 'hls-h5p-host', kind: 'hello' }, '*');
}

for (const activity of activities) {
  greet(activity);
  activity.frame.addEventListener('load', () => greet(activity));
}

window.addEventListener('message', (event) => {
  // A sandboxed frame's origin is opaque: anything else is not our player.
  if (event.origin !== 'null') return;
  const activity = activities.find(
    (candidate) => candidate.frame.contentWindow !== null && candidate.frame.contentWindow === event.source,
  );
  if (!activity) return;
  const message = playerMessage(event.data);
  if (message) handle(activity, message);
});
