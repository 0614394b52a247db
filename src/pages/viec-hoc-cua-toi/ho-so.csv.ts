/** The signed-in official's own training record as CSV; nobody else's can be asked for. */
import type { APIRoute } from 'astro';
import { ownRecord, recordCsvResponse } from '../../lib/server/records/official-record.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals }) => {
  const record = await ownRecord(locals.user);
  if ('response' in record) return record.response;
  return recordCsvResponse(record);
};
