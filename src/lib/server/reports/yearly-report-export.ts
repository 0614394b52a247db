/**
 * The yearly report's downloads (GET /quan-tri/bao-cao-nam/<unit code>/<year>.xlsx|.pdf): for an
 * administrator of the unit only (any other unit answers 404, exactly like one that does not
 * exist), a year of the scheme (otherwise 400 with a Vietnamese message), audited as 'export'.
 */
import type { Unit } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getDb } from '../db.ts';
import { notFoundResponse, requireReader } from '../org/admin-guard.ts';
import { findUnitByCodeInScope, findUnitInScope } from '../org/scope.ts';
import { XLSX_CONTENT_TYPE, downloadResponse } from '../spreadsheet/xlsx.ts';
import { REPORT_YEARS, parseReportYear, yearlyReport } from './yearly-report.ts';
import { yearlyReportPdf } from './yearly-report-pdf.ts';
import { yearlyReportXlsx } from './yearly-report-xlsx.ts';

export type ReportFormat = 'xlsx' | 'pdf';

/** The unit named in a URL (its code, or its id), if the user administers it. */
export async function reportUnitInScope(user: SessionUser, unitParam: string): Promise<Unit | undefined> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(unitParam)) return undefined;
  return (await findUnitByCodeInScope(user, unitParam)) ?? (await findUnitInScope(user, unitParam));
}

/** Where a unit's report for a year is downloaded. */
export function reportDownloadHref(unitCode: string, year: number, format: ReportFormat): string {
  return `/quan-tri/bao-cao-nam/${encodeURIComponent(unitCode)}/${year}.${format}`;
}

/** The download's file name: Vietnamese in filename*, an ASCII copy in filename. */
export function reportFileName(unitName: string, year: number, format: ReportFormat): string {
  return `Báo cáo bồi dưỡng năm ${year} ${unitName}.${format}`;
}

const PDF_CONTENT_TYPE = 'application/pdf';

/** The response to a download request: the file, a redirect to sign in, 400 or 404. */
export async function yearlyReportDownload(
  user: SessionUser | undefined,
  url: URL,
  params: { unit?: string; year?: string },
  format: ReportFormat,
): Promise<Response> {
  const guard = requireReader(user, url);
  if ('response' in guard) return guard.response;
  const unit = await reportUnitInScope(guard.user, params.unit ?? '');
  if (!unit) return notFoundResponse();
  const year = parseReportYear(params.year);
  if (year === undefined) {
    return new Response(`Năm báo cáo không hợp lệ: chọn một năm từ ${REPORT_YEARS[0]} đến ${REPORT_YEARS.at(-1)}.`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
    });
  }
  const started = performance.now();
  const report = await yearlyReport(guard.user, unit, year);
  if (!report) return notFoundResponse();
  const bytes = format === 'pdf' ? await yearlyReportPdf(report) : await yearlyReportXlsx(report);
  const fileName = reportFileName(unit.name, year, format);
  await recordAudit(getDb(), {
    action: 'export',
    userId: guard.user.id,
    unitId: unit.id,
    target: `export:bao-cao-nam-${year}.${format}`,
    details: { report: 'bao-cao-nam', format, year, unitCode: unit.code, bytes: bytes.byteLength },
  });
  const response = downloadResponse(bytes, fileName, format === 'pdf' ? PDF_CONTENT_TYPE : XLSX_CONTENT_TYPE);
  response.headers.set('Server-Timing', `report;dur=${(performance.now() - started).toFixed(1)}`);
  return response;
}
