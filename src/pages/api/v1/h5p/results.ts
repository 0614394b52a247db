/**
 * POST /api/v1/h5p/results: one answered or completed xAPI statement of an H5P activity, sent by
 * the lesson page (never by the sandboxed player, which has no credentials) for the signed-in
 * learner. Kept as a practice result only: it never completes a course or earns a certificate.
 * Answers 200 with the learner's updated result.
 */
import type { APIRoute } from 'astro';
import {
  apiIssues,
  isJsonRequest,
  jsonResponse,
  readJsonBody,
  safeParseInVietnamese,
} from '../../../../lib/server/api-http.ts';
import { lessonContextProblem } from '../../../../lib/server/h5p/lesson-context.ts';
import { findH5pPackage } from '../../../../lib/server/h5p/packages.ts';
import { recordPracticeResult } from '../../../../lib/server/h5p/practice-results.ts';
import { H5pStatementSchema, type H5pPracticeResult } from '../../../../schemas/api/h5p.ts';

export const prerender = false;

const MAX_BODY_BYTES = 4 * 1024;
const INVALID = 'Kết quả hoạt động H5P gửi lên không hợp lệ.';

export const POST: APIRoute = async ({ request, locals }) => {
  const user = locals.user;
  if (!user) return jsonResponse(401, { error: 'Anh/chị chưa đăng nhập nên kết quả luyện tập không được lưu.' });
  if (!isJsonRequest(request))
    return jsonResponse(415, { error: 'Hãy gửi dữ liệu dạng JSON (Content-Type: application/json).' });

  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return jsonResponse(body.status, { error: body.error, issues: [] });
  const parsed = safeParseInVietnamese(H5pStatementSchema, body.value);
  if (!parsed.success) return jsonResponse(400, { error: INVALID, issues: apiIssues(parsed.error) });
  const result = parsed.data;

  if (!(await findH5pPackage(result.packageId))) {
    return jsonResponse(404, { error: `Hoạt động H5P "${result.packageId}" chưa được cài đặt.`, issues: [] });
  }
  const contextProblem = await lessonContextProblem(result.courseId, result.lessonId);
  if (contextProblem)
    return jsonResponse(400, {
      error: INVALID,
      issues: [{ path: result.lessonId ? 'lessonId' : 'courseId', message: contextProblem }],
    });

  const row = await recordPracticeResult(user.id, result);
  return jsonResponse(200, {
    packageId: row.packageId,
    statements: row.statements,
    lastRaw: row.lastRaw,
    lastMax: row.lastMax,
    bestScaled: row.bestScaled,
    completedAt: row.completedAt?.toISOString() ?? null,
  } satisfies H5pPracticeResult);
};
