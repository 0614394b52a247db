/**
 * One official's record for the pages and downloads: who may ask for it (an administrator in
 * scope, or the official themself), their trainings (online and in person) and the download in
 * XLSX or CSV. The download endpoints share the request → rows step here and keep only the format.
 */
import { eq } from 'drizzle-orm';
import { officials, type Official } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { notFoundResponse, requireAdministrator } from '../org/admin-guard.ts';
import { findOfficialInScope } from '../org/scope.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, downloadResponse } from '../spreadsheet/xlsx.ts';
import { courseFacts } from './course-facts.ts';
import { recordsCsv, recordsXlsx, type RecordHolder } from './record-export.ts';
import { trainingRecordsOf, type TrainingRecord } from './training-records.ts';

/** The official with this id (no scope check: callers have done it). */
export async function officialById(officialId: string): Promise<Official | undefined> {
  const [row] = await getDb().select().from(officials).where(eq(officials.id, officialId)).limit(1);
  return row;
}

/** Every training of one official, newest first (a revoked certificate is no longer on the record). */
export async function recordOf(officialId: string): Promise<TrainingRecord[]> {
  return trainingRecordsOf([officialId], { courses: await courseFacts(), revokedCertificates: 'omit' });
}

/** An official's record, ready to be written in either format. */
export interface OfficialRecord {
  official: Official;
  records: TrainingRecord[];
  holders: ReadonlyMap<string, RecordHolder>;
}

async function recordOfOfficial(official: Official): Promise<OfficialRecord> {
  return {
    official,
    records: await recordOf(official.id),
    holders: new Map([[official.id, { staffCode: official.staffCode, fullName: official.fullName }]]),
  };
}

/**
 * The record an administrator asks for by official id, with the unit to audit the download
 * under; or the response to give instead (sign in first, 404 outside their scope).
 */
export async function recordForAdministrator(
  user: SessionUser | undefined,
  url: URL,
  officialId: string,
): Promise<{ response: Response } | (OfficialRecord & { user: SessionUser; unitId: string })> {
  const guard = requireAdministrator(user, url);
  if ('response' in guard) return guard;
  const found = await findOfficialInScope(guard.user, officialId);
  if (!found) return { response: notFoundResponse() };
  return { ...(await recordOfOfficial(found.official)), user: guard.user, unitId: found.unit.id };
}

/** The signed-in official's own record, or the response instead (sign in first, 404 without an official). */
export async function ownRecord(user: SessionUser | undefined): Promise<{ response: Response } | OfficialRecord> {
  if (!user)
    return {
      response: new Response(null, { status: 302, headers: { Location: '/dang-nhap/?next=/viec-hoc-cua-toi/ho-so/' } }),
    };
  const official = user.officialId ? await officialById(user.officialId) : undefined;
  if (!official) return { response: notFoundResponse() };
  return recordOfOfficial(official);
}

const fileName = (official: Official, format: 'xlsx' | 'csv') => `ho-so-boi-duong-${official.staffCode}.${format}`;

/** The record as a CSV download. */
export function recordCsvResponse({ official, records, holders }: OfficialRecord): Response {
  return downloadResponse(recordsCsv(records, holders), fileName(official, 'csv'), CSV_CONTENT_TYPE);
}

/** The record as an XLSX download. */
export async function recordXlsxResponse({ official, records, holders }: OfficialRecord): Promise<Response> {
  return downloadResponse(await recordsXlsx(records, holders), fileName(official, 'xlsx'), XLSX_CONTENT_TYPE);
}
