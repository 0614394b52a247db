/**
 * GET /api/v1/units/{id}/indicators?period=2026-2028: the Decision 700 indicators of a unit in
 * the API token's subtree; any other unit answers 404, exactly like one that does not exist.
 */
import type { APIRoute } from 'astro';
import { apiIssues, jsonResponse } from '../../../../../lib/server/api-http.ts';
import { requireApiToken } from '../../../../../lib/server/api-tokens/bearer.ts';
import { findTokenUnit } from '../../../../../lib/server/api-tokens/token-reads.ts';
import { parsePeriod, unitIndicators } from '../../../../../lib/server/indicators/index.ts';
import { indicatorsJson } from '../../../../../lib/server/api-tokens/indicators-json.ts';
import { IndicatorsQuerySchema } from '../../../../../schemas/api/indicators.ts';

export const prerender = false;

export const GET: APIRoute = async ({ request, url, params }) => {
  const guard = await requireApiToken(request, url);
  if ('response' in guard) return guard.response;
  const { auth } = guard;

  const unit = await findTokenUnit(auth, params.id ?? '');
  if (!unit) return jsonResponse(404, { error: 'Không tìm thấy đơn vị trong phạm vi của mã truy cập.' });

  const query = IndicatorsQuerySchema.safeParse({ period: url.searchParams.get('period') ?? undefined });
  if (!query.success) return jsonResponse(400, { error: 'Kỳ báo cáo không hợp lệ.', issues: apiIssues(query.error) });
  // The schema takes only the keys parsePeriod knows.
  const period = parsePeriod(query.data.period)!;

  const indicators = await unitIndicators(unit, period);
  return jsonResponse(200, indicatorsJson(unit, indicators));
};
