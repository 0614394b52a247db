/** GET /quan-tri/bao-cao-nam/<unit code>/<year>.xlsx: the unit's yearly training report (see yearly-report-export.ts). */
import type { APIRoute } from 'astro';
import { yearlyReportDownload } from '../../../../lib/server/reports/yearly-report-export.ts';

export const prerender = false;

export const GET: APIRoute = ({ locals, url, params }) => yearlyReportDownload(locals.user, url, params, 'xlsx');
