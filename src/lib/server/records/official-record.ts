/**
 * One official's record for the pages and downloads: the official, their trainings (online and in
 * person) and the download in XLSX or CSV. Callers authorize first (administrator in scope, or
 * the official themself).
 */
import { eq } from 'drizzle-orm';
import { officials, type Official } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, downloadResponse } from '../spreadsheet/xlsx.ts';
import { courseFacts } from './course-facts.ts';
import { recordsCsv, recordsXlsx } from './record-export.ts';
import { trainingRecordsOf, type TrainingRecord } from './training-records.ts';

/** The official with this id (no scope check: callers have done it). */
export async function officialById(officialId: string): Promise<Official | undefined> {
  const [row] = await getDb().select().from(officials).where(eq(officials.id, officialId)).limit(1);
  return row;
}

/** Every training of one official, newest first. */
export async function recordOf(officialId: string): Promise<TrainingRecord[]> {
  return trainingRecordsOf([officialId], { courses: await courseFacts() });
}

/** The download of an official's record. */
export async function recordDownload(official: Official, format: 'xlsx' | 'csv'): Promise<Response> {
  const records = await recordOf(official.id);
  const holders = new Map([[official.id, { staffCode: official.staffCode, fullName: official.fullName }]]);
  const name = `ho-so-boi-duong-${official.staffCode}.${format}`;
  if (format === 'csv') return downloadResponse(recordsCsv(records, holders), name, CSV_CONTENT_TYPE);
  return downloadResponse(await recordsXlsx(records, holders), name, XLSX_CONTENT_TYPE);
}
