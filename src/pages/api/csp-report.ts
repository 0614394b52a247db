/**
 * POST /api/csp-report: Content-Security-Policy violation reports from browsers, the page policy's
 * report-uri (application/csp-report, Firefox and Safari) and report-to endpoint
 * (application/reports+json, Chromium; see src/lib/security-headers.ts). Each valid report is
 * logged as one `[csp] {…}` line on stderr and the answer is always 204 once the body is read.
 *
 * Rate limited per client address and overall, in the database so that every server instance
 * counts the same reports, so a page stuck in a loop or a flood of forged reports cannot fill
 * the log; reports over the limit are dropped silently.
 * A browser sends reports with Origin and Sec-Fetch-Site of the page itself (same origin), so the
 * origin guard lets them through as it is.
 */
import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { readBodyWithin } from '../../lib/server/limited-body.ts';
import { createRateLimiter } from '../../lib/server/rate-limit.ts';

export const prerender = false;

/** One report carries the whole policy (about 6 KB with the hashes); a batch holds a few. */
const MAX_BODY_BYTES = 64 * 1024;
const DRAIN_BYTES = 256 * 1024;
/** Reports in one Reporting API batch looked at, at most. */
const MAX_BATCH = 50;

/** Reports logged per client per minute (CSP_REPORT_LIMIT_PER_MINUTE, default 20); ten times that overall. */
function perClientLimit(): number {
  const configured = Number(process.env.CSP_REPORT_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 20;
}
const perClient = createRateLimiter({ scope: 'csp-client', limit: perClientLimit(), windowMs: 60_000 });
const overall = createRateLimiter({ scope: 'csp-all', limit: perClientLimit() * 10, windowMs: 60_000 });

/** Text from the browser, cut to a length a log line can carry. */
const text = (max: number) => z.string().transform((value) => value.slice(0, max));
/** A URL without its query or fragment (they may hold a search or a certificate code). */
const address = z.string().transform((value) => value.split(/[?#]/)[0].slice(0, 500));
const position = z.number().int().nonnegative().optional();

/** A violation as logged, whichever format it came in. */
interface Violation {
  document: string;
  directive: string;
  blocked?: string;
  disposition?: string;
  source?: string;
  line?: number;
  column?: number;
  sample?: string;
}

/** The report-uri format: {"csp-report": {…}} with hyphenated names. */
const LegacyReportSchema = z.object({
  'csp-report': z.object({
    'document-uri': address,
    'effective-directive': text(100).optional(),
    'violated-directive': text(100).optional(),
    'blocked-uri': address.optional(),
    disposition: text(20).optional(),
    'source-file': address.optional(),
    'line-number': position,
    'column-number': position,
    'script-sample': text(80).optional(),
  }),
});

/** One report of the Reporting API format: an array of {type, url, body: {…}}. */
const ReportingApiReportSchema = z.object({
  type: z.literal('csp-violation'),
  body: z.object({
    documentURL: address,
    effectiveDirective: text(100),
    blockedURL: address.optional(),
    disposition: text(20).optional(),
    sourceFile: address.optional(),
    lineNumber: position,
    columnNumber: position,
    sample: text(80).optional(),
  }),
});

const ReportingApiBatchSchema = z.array(z.unknown()).min(1);

/** The violations a body holds, or null when it is not a report at all. */
function violationsIn(kind: string, value: unknown): Violation[] | null {
  if (kind === 'application/reports+json') {
    const batch = ReportingApiBatchSchema.safeParse(value);
    if (!batch.success) return null;
    // Other report types (deprecations, interventions) are not ours to log.
    return batch.data.slice(0, MAX_BATCH).flatMap((item) => {
      const report = ReportingApiReportSchema.safeParse(item);
      if (!report.success) return [];
      const body = report.data.body;
      return [
        {
          document: body.documentURL,
          directive: body.effectiveDirective,
          blocked: body.blockedURL,
          disposition: body.disposition,
          source: body.sourceFile,
          line: body.lineNumber,
          column: body.columnNumber,
          sample: body.sample,
        },
      ];
    });
  }
  const report = LegacyReportSchema.safeParse(value);
  if (!report.success) return null;
  const body = report.data['csp-report'];
  return [
    {
      document: body['document-uri'],
      directive: body['effective-directive'] ?? body['violated-directive'] ?? '',
      blocked: body['blocked-uri'],
      disposition: body.disposition,
      source: body['source-file'],
      line: body['line-number'],
      column: body['column-number'],
      sample: body['script-sample'],
    },
  ];
}

const ACCEPTED = new Set(['application/csp-report', 'application/reports+json', 'application/json']);
const noContent = () => new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
const refusal = (status: number, message: string) =>
  new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });

export const POST: APIRoute = async ({ request, clientAddress }) => {
  const kind = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!ACCEPTED.has(kind))
    return refusal(415, 'Báo cáo CSP phải có kiểu application/csp-report hoặc application/reports+json.');
  const bytes = await readBodyWithin(request, MAX_BODY_BYTES, DRAIN_BYTES);
  if (!bytes) return refusal(413, 'Báo cáo CSP quá lớn.');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return refusal(400, 'Báo cáo CSP không phải JSON hợp lệ.');
  }
  const violations = violationsIn(kind, value);
  if (!violations) return refusal(400, 'Báo cáo CSP không đúng định dạng.');
  const client = clientAddress || 'unknown';
  // One take per request, not per report: a batch is one request, and a flood costs its writes once.
  if (!(await perClient.take(client)).allowed || !(await overall.take('all')).allowed) return noContent();
  for (const violation of violations) console.warn(`[csp] ${JSON.stringify(violation)}`);
  return noContent();
};
