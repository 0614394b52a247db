/**
 * POST /api/v1/progress/events: a batch of 1–100 learning events from the signed-in learner's
 * device. Answers only after the events are committed (group commit, see event-store.ts), so a
 * 200 means they survive a crash; re-sent events are counted as duplicates, never stored twice.
 */
import type { APIRoute } from 'astro';
import { ProgressBatchSchema, type ProgressBatchResult } from '../../../../schemas/api/progress.ts';
import {
  apiIssues,
  isJsonRequest,
  jsonResponse,
  readJsonBody,
  safeParseInVietnamese,
} from '../../../../lib/server/api-http.ts';
import { checkEventsAgainstContent } from '../../../../lib/progress/check-events.ts';
import { progressContent } from '../../../../lib/server/content/progress-content.ts';
import { recordProgressEvents } from '../../../../lib/server/progress/record-events.ts';

export const prerender = false;

/** 100 video events of 500 intervals each fit; anything larger is not from our tracker. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const INVALID = 'Dữ liệu tiến độ gửi lên không hợp lệ.';

export const POST: APIRoute = async ({ request, locals }) => {
  const user = locals.user;
  if (!user) return jsonResponse(401, { error: 'Anh/chị cần đăng nhập để lưu tiến độ học tập.' });
  if (!isJsonRequest(request))
    return jsonResponse(415, { error: 'Hãy gửi dữ liệu dạng JSON (Content-Type: application/json).' });

  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return jsonResponse(body.status, { error: body.error, issues: [] });
  const parsed = safeParseInVietnamese(ProgressBatchSchema, body.value);
  if (!parsed.success) return jsonResponse(400, { error: INVALID, issues: apiIssues(parsed.error) });
  const checked = checkEventsAgainstContent(parsed.data.events, await progressContent());
  if (!checked.ok) return jsonResponse(400, { error: INVALID, issues: checked.issues });

  try {
    const outcome = await recordProgressEvents(user.id, checked.events);
    return jsonResponse(200, outcome satisfies ProgressBatchResult);
  } catch (error) {
    // Nothing of the batch was acknowledged: the device keeps it and sends it again.
    console.error('Không lưu được lô hoạt động học tập:', error);
    return jsonResponse(
      503,
      { error: 'Chưa lưu được tiến độ học tập. Thiết bị sẽ tự gửi lại sau.' },
      { 'Retry-After': '5' },
    );
  }
};
