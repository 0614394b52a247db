/**
 * The routes of the hot path: the JSON endpoints a learner's device calls most (during a deadline
 * rush: a progress report every 30 s per learner; at exam time a province's officials starting,
 * saving and submitting the same test within minutes), each the very endpoint its Astro route
 * serves. Paths match as Astro's do (trailing slash ignored); an id
 * that is not plainly ours falls through to Astro, which decodes and refuses it the usual way.
 */
import type { JsonEndpoint } from '../json-api/endpoint.ts';
import { postProgressEvents } from '../json-api/progress-events.ts';
import { putAttemptAnswers } from '../json-api/attempt-answers.ts';
import { postAttemptSubmit } from '../json-api/attempt-submit.ts';
import { postQuizAttempt } from '../json-api/quiz-start.ts';
import { getMyProgress } from '../json-api/my-progress.ts';
import { getHealth } from '../json-api/health.ts';

export interface HotRoute {
  method: 'GET' | 'POST' | 'PUT';
  pattern: RegExp;
  /** Names of the pattern's groups, in order. */
  params: readonly string[];
  endpoint: JsonEndpoint;
  /** False for a public route that never looks at the session (health). */
  session: boolean;
}

export const HOT_ROUTES: readonly HotRoute[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v1\/progress\/events\/?$/,
    params: [],
    endpoint: postProgressEvents,
    session: true,
  },
  {
    method: 'PUT',
    pattern: /^\/api\/v1\/attempts\/([a-z0-9]{1,64})\/answers\/?$/,
    params: ['id'],
    endpoint: putAttemptAnswers,
    session: true,
  },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/quizzes\/([a-z0-9][a-z0-9-]{0,99})\/([a-z0-9][a-z0-9-]{0,99})\/attempts\/?$/,
    params: ['courseId', 'quizSlug'],
    endpoint: postQuizAttempt,
    session: true,
  },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/attempts\/([a-z0-9]{1,64})\/submit\/?$/,
    params: ['id'],
    endpoint: postAttemptSubmit,
    session: true,
  },
  { method: 'GET', pattern: /^\/api\/v1\/me\/progress\/?$/, params: [], endpoint: getMyProgress, session: true },
  { method: 'GET', pattern: /^\/api\/v1\/health\/?$/, params: [], endpoint: getHealth, session: false },
];

/** The route and its parameters for a method and path, or undefined. */
export function hotRouteOf(
  method: string | undefined,
  pathname: string,
): { route: HotRoute; params: Record<string, string> } | undefined {
  for (const route of HOT_ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (match)
      return { route, params: Object.fromEntries(route.params.map((name, index) => [name, match[index + 1]])) };
  }
  return undefined;
}
