/**
 * GET /api/v1/records: training records of the officials in the API token's unit subtree, for the
 * training-quality records system. Filter by unit, dates and kind; paginated in a stable order
 * with a `next` link. Officials are identified by staff code, never by e-mail.
 */
import type { APIRoute } from 'astro';
import { apiIssues, jsonResponse, safeParseInVietnamese } from '../../../lib/server/api-http.ts';
import { requireApiToken } from '../../../lib/server/api-tokens/bearer.ts';
import { apiQueryToFilter } from '../../../lib/records/records-filter.ts';
import { recordJson } from '../../../lib/server/api-tokens/records-json.ts';
import { tokenRecordsPage } from '../../../lib/server/api-tokens/token-reads.ts';
import { RecordsQuerySchema, type TrainingRecordPage } from '../../../schemas/api/records.ts';

export const prerender = false;

export const GET: APIRoute = async ({ request, url }) => {
  const guard = await requireApiToken(request, url);
  if ('response' in guard) return guard.response;
  const { auth } = guard;

  const parsed = safeParseInVietnamese(RecordsQuerySchema, Object.fromEntries(url.searchParams));
  if (!parsed.success)
    return jsonResponse(400, { error: 'Tham số lọc không hợp lệ.', issues: apiIssues(parsed.error) });
  const { filter, page, pageSize } = apiQueryToFilter(parsed.data);

  const found = await tokenRecordsPage(auth, filter, page, pageSize);
  if (!found) return jsonResponse(404, { error: 'Không tìm thấy đơn vị trong phạm vi của mã truy cập.' });
  const { rows, total } = found;
  let next: string | null = null;
  if (page * pageSize < total) {
    const nextUrl = new URL(url);
    nextUrl.searchParams.set('page', String(page + 1));
    nextUrl.searchParams.set('pageSize', String(pageSize));
    next = `${nextUrl.pathname}${nextUrl.search}`;
  }
  return jsonResponse(200, { data: rows.map(recordJson), page, pageSize, total, next } satisfies TrainingRecordPage);
};
