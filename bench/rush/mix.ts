/**
 * The routes of bench:rush and their rates per second (the national estimate of issue 18:
 * 1,071 requests a second): progress events, prebuilt lesson pages, the learner's progress and
 * "Việc học của tôi", the final tests (start, answer saves, submit) and the indicator dashboard.
 * Every request is a learner's (or the administrator's) with a real session; bodies and headers
 * are prepared so that sending costs little. The acknowledged event ids are kept for the check.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Outgoing, Route } from './load.ts';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const VIDEO = 'quy-trinh-tiep-cong-dan';
/** The final tests learners start; each learner starts each at most once. */
const FINAL_TESTS = [
  'tiep-cong-dan-khieu-nai-to-cao',
  'ky-nang-so-dich-vu-cong',
  'van-hanh-chinh-quyen-dia-phuong-2-cap',
  'giao-tiep-giai-quyet-mau-thuan',
].map((course) => `${course}/kiem-tra-cuoi-khoa`);
/** An attempt is submitted once it has been open this long (answer saves go to it meanwhile). */
const SUBMIT_AFTER_MS = 2_000;

export const ROUTE_KEYS = [
  'progress',
  'lesson',
  'meProgress',
  'myLearning',
  'quizStart',
  'answers',
  'submit',
  'dashboard',
] as const;

/** Requests per second of each route at scale 1. */
export const BASE_RATES: Record<(typeof ROUTE_KEYS)[number], number> = {
  progress: 700,
  lesson: 300,
  meProgress: 25,
  myLearning: 25,
  quizStart: 4,
  answers: 12,
  submit: 4,
  dashboard: 1,
};
export const BASE_TOTAL = Object.values(BASE_RATES).reduce((sum, rate) => sum + rate, 0);

/** The prebuilt lesson pages of the build (not the course pages, not the case studies). */
export function lessonPaths(projectRoot: string): string[] {
  const root = join(projectRoot, 'dist/client/khoa-hoc');
  const paths: string[] = [];
  for (const course of readdirSync(root, { withFileTypes: true })) {
    if (!course.isDirectory()) continue;
    for (const lesson of readdirSync(join(root, course.name), { withFileTypes: true }))
      if (lesson.isDirectory() && lesson.name !== 'tinh-huong' && lesson.name !== 'kiem-tra')
        paths.push(`/khoa-hoc/${course.name}/${lesson.name}/`);
  }
  if (paths.length === 0) throw new Error('Không thấy trang bài học dựng sẵn trong dist/: chạy `npm run build`.');
  return paths;
}

interface PublicQuestion {
  id: string;
  type: string;
  options?: { id: string }[];
  questions?: PublicQuestion[];
}

/** A valid answer to every question (the first option, true, the given order). */
function answersOf(questions: readonly PublicQuestion[], into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const question of questions) {
    if (question.type === 'case-group') answersOf(question.questions ?? [], into);
    else if (question.type === 'true-false') into[question.id] = true;
    else if (question.type === 'single') into[question.id] = question.options?.[0]?.id ?? '1';
    else if (question.type === 'multiple') into[question.id] = [question.options?.[0]?.id ?? '1'];
    else into[question.id] = (question.options ?? []).map((option) => option.id);
  }
  return into;
}

interface OpenAttempt {
  id: string;
  headers: OutgoingHttpHeaders;
  body: string;
  openedAt: number;
  saving: number;
}

export interface MixOptions {
  /** Session tokens of the learners and of the administrator. */
  learners: readonly string[];
  admin: string;
  /**
   * The session cookie's names: hls_session over http; behind Caddy __Host-hls_session when the
   * app sees https (a build made with SITE_URL believes X-Forwarded-Proto), else hls_session.
   */
  cookieNames: readonly string[];
  /** The Origin a browser of the site sends. */
  origin: string;
  lessons: readonly string[];
}

export interface Mix {
  routes: Route[];
  /** Ids of the progress events the server acknowledged (200). */
  acknowledged: string[];
  /** Attempts started, and (learner, test) pairs left to start. */
  quizState(): { started: number; open: number; left: number };
}

const LABELS: Record<(typeof ROUTE_KEYS)[number], string> = {
  progress: 'POST /api/v1/progress/events',
  lesson: 'GET  trang bài học dựng sẵn',
  meProgress: 'GET  /api/v1/me/progress',
  myLearning: 'GET  /viec-hoc-cua-toi/',
  quizStart: 'POST bắt đầu bài kiểm tra cuối khóa',
  answers: 'PUT  /api/v1/attempts/{id}/answers',
  submit: 'POST /api/v1/attempts/{id}/submit',
  dashboard: 'GET  /quan-tri/chi-tieu/ (quản trị)',
};

export function buildMix(options: MixOptions, only?: (typeof ROUTE_KEYS)[number]): Mix {
  const { learners, origin, lessons } = options;
  const cookie = (token: string) => options.cookieNames.map((name) => `${name}=${token}`).join('; ');
  const page = { accept: 'text/html', 'accept-encoding': 'br, gzip' };
  const json = { accept: 'application/json' };
  const write = { 'content-type': 'application/json', origin };
  // Headers of each learner, made once.
  const pageHeaders = learners.map((token) => ({ ...page, cookie: cookie(token) }));
  const jsonHeaders = learners.map((token) => ({ ...json, cookie: cookie(token) }));
  const writeHeaders = learners.map((token) => ({ ...json, ...write, cookie: cookie(token) }));
  // Starts and submits carry no body; they say JSON as an API client does, since Astro's own origin
  // check refuses a bodiless POST whose Origin differs from the address it sees (behind Caddy, a
  // build made without SITE_URL sees http://, the browser's Origin is https://).
  const startHeaders = learners.map((token) => ({ ...json, ...write, cookie: cookie(token) }));
  const adminHeaders = { ...page, cookie: cookie(options.admin) };

  const acknowledged: string[] = [];
  let turn = 0;
  const nextLearner = () => (turn = (turn + 1) % learners.length);
  let lessonTurn = 0;

  // Event bodies differ only in the id and the watched interval.
  const occurredAt = new Date().toISOString();
  const eventHead = `{"events":[{"id":"`;
  const eventTail = (start: number) =>
    `","courseId":"${COURSE}","lessonId":"${LESSON}","occurredAt":"${occurredAt}","kind":"video_watched","videoId":"${VIDEO}","data":{"intervals":[[${start},${start + 15}]],"position":${start + 15},"duration":101}}]}`;

  let starts = 0;
  const pairs = learners.length * FINAL_TESTS.length;
  const open: OpenAttempt[] = [];
  let saveTurn = 0;

  const routes: Record<(typeof ROUTE_KEYS)[number], Route> = {
    progress: {
      label: LABELS.progress,
      rate: BASE_RATES.progress,
      expect: 200,
      next() {
        const id = randomUUID();
        return {
          method: 'POST',
          path: '/api/v1/progress/events',
          headers: writeHeaders[nextLearner()],
          body: eventHead + id + eventTail(Math.floor(Math.random() * 80)),
          tag: id,
        };
      },
      answered(request, status) {
        if (status === 200) acknowledged.push(request.tag as string);
      },
    },
    lesson: {
      label: LABELS.lesson,
      rate: BASE_RATES.lesson,
      expect: 200,
      next: () => ({
        method: 'GET',
        path: lessons[(lessonTurn = (lessonTurn + 1) % lessons.length)],
        headers: pageHeaders[nextLearner()],
      }),
    },
    meProgress: {
      label: LABELS.meProgress,
      rate: BASE_RATES.meProgress,
      expect: 200,
      next: () => ({ method: 'GET', path: '/api/v1/me/progress', headers: jsonHeaders[nextLearner()] }),
    },
    myLearning: {
      label: LABELS.myLearning,
      rate: BASE_RATES.myLearning,
      expect: 200,
      next: () => ({ method: 'GET', path: '/viec-hoc-cua-toi/', headers: pageHeaders[nextLearner()] }),
    },
    quizStart: {
      label: LABELS.quizStart,
      rate: BASE_RATES.quizStart,
      expect: 201,
      readBody: true,
      next() {
        if (starts >= pairs) return undefined;
        // Every learner starts the first test, then every learner the second, and so on.
        const learner = starts % learners.length;
        const test = FINAL_TESTS[Math.floor(starts / learners.length)];
        starts++;
        return {
          method: 'POST',
          path: `/api/v1/quizzes/${test}/attempts`,
          headers: startHeaders[learner],
          tag: learner,
        };
      },
      answered(request, status, body) {
        if (status !== 201) return;
        const attempt = JSON.parse(body) as { id: string; questions: PublicQuestion[] };
        open.push({
          id: attempt.id,
          headers: writeHeaders[request.tag as number],
          body: JSON.stringify({ answers: answersOf(attempt.questions) }),
          openedAt: performance.now(),
          saving: 0,
        });
      },
    },
    answers: {
      label: LABELS.answers,
      rate: BASE_RATES.answers,
      expect: 200,
      next() {
        if (open.length === 0) return undefined;
        const attempt = open[(saveTurn = (saveTurn + 1) % open.length)];
        attempt.saving++;
        return {
          method: 'PUT',
          path: `/api/v1/attempts/${attempt.id}/answers`,
          headers: attempt.headers,
          body: attempt.body,
          tag: attempt,
        };
      },
      answered(request) {
        (request.tag as OpenAttempt).saving--;
      },
    },
    submit: {
      label: LABELS.submit,
      rate: BASE_RATES.submit,
      expect: 200,
      next() {
        // The oldest attempt open long enough, with no save in flight (a save after the submit would be refused).
        const now = performance.now();
        const index = open.findIndex((attempt) => now - attempt.openedAt >= SUBMIT_AFTER_MS && attempt.saving === 0);
        if (index < 0) return undefined;
        const [attempt] = open.splice(index, 1);
        return {
          method: 'POST',
          path: `/api/v1/attempts/${attempt.id}/submit`,
          headers: { ...json, ...write, cookie: attempt.headers.cookie },
        };
      },
    },
    dashboard: {
      label: LABELS.dashboard,
      rate: BASE_RATES.dashboard,
      expect: 200,
      next: (): Outgoing => ({ method: 'GET', path: '/quan-tri/chi-tieu/', headers: adminHeaders }),
    },
  };
  return {
    routes: only ? [routes[only]] : ROUTE_KEYS.map((key) => routes[key]),
    acknowledged,
    quizState: () => ({ started: starts, open: open.length, left: pairs - starts }),
  };
}
