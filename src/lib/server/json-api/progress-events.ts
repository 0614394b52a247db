/**
 * POST /api/v1/progress/events: a batch of 1–100 learning events from the signed-in learner's
 * device. Answers only after the events are committed (group commit, see event-store.ts), so a
 * 200 means they survive a crash; re-sent events are counted as duplicates, never stored twice.
 */
import { ProgressBatchSchema, type ProgressBatchResult } from '../../../schemas/api/progress.ts';
import { answer, apiIssues, isJsonContentType, safeParseInVietnamese } from '../api-http.ts';
import { checkEventsAgainstContent } from '../../progress/check-events.ts';
import { progressContent } from '../content/progress-content.ts';
import { recordProgressEvents } from '../progress/record-events.ts';
import type { JsonEndpoint } from './endpoint.ts';

/** 100 video events of 500 intervals each fit; anything larger is not from our tracker. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const INVALID = 'Dữ liệu tiến độ gửi lên không hợp lệ.';

export const postProgressEvents: JsonEndpoint = async ({ user, contentType, readJson }) => {
  if (!user) return answer(401, { error: 'Anh/chị cần đăng nhập để lưu tiến độ học tập.' });
  if (!isJsonContentType(contentType))
    return answer(415, { error: 'Hãy gửi dữ liệu dạng JSON (Content-Type: application/json).' });

  const body = await readJson(MAX_BODY_BYTES);
  if (!body.ok) return answer(body.status, { error: body.error, issues: [] });
  const parsed = safeParseInVietnamese(ProgressBatchSchema, body.value);
  if (!parsed.success) return answer(400, { error: INVALID, issues: apiIssues(parsed.error) });
  const checked = checkEventsAgainstContent(parsed.data.events, await progressContent());
  if (!checked.ok) return answer(400, { error: INVALID, issues: checked.issues });

  try {
    const outcome = await recordProgressEvents(user.id, checked.events);
    return answer(200, outcome satisfies ProgressBatchResult);
  } catch (error) {
    // Nothing of the batch was acknowledged: the device keeps it and sends it again.
    console.error('Không lưu được lô hoạt động học tập:', error);
    return answer(503, { error: 'Chưa lưu được tiến độ học tập. Thiết bị sẽ tự gửi lại sau.' }, { 'Retry-After': '5' });
  }
};
