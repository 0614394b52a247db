/**
 * A training record as the records API sends it (an official by staff code, never e-mail), its
 * codes translated from the stored Vietnamese slugs to the API's English ones.
 */
import {
  CERTIFICATE_STATUS_CODES,
  TRAINING_KIND_CODES,
  TRAINING_MODE_CODES,
  TRAINING_RESULT_CODES,
  type ApiTrainingRecord,
} from '../../../schemas/api/records.ts';
import { appLogger } from '../observability/logger.ts';
import type { TrainingRecord } from './training-records.ts';

/** The API code of a stored slug, or null for a slug the map does not know. */
function codeOf<Map extends Record<string, string>>(map: Map, slug: string): Map[keyof Map] | null {
  return Object.hasOwn(map, slug) ? (map[slug] as Map[keyof Map]) : null;
}

/** The API's JSON shape of one record. */
export function recordJson(record: TrainingRecord): ApiTrainingRecord {
  // Every TrainingResult has a code (checked by the map's type), but the row comes from SQL: an
  // unexpected value is sent as the documented null and logged, rather than failing the whole page.
  const result = codeOf(TRAINING_RESULT_CODES, record.result);
  if (result === null) {
    appLogger().warn(
      { result: record.result, mode: record.mode, trainingId: record.trainingId },
      'Training record result without an API code; sent as null',
    );
  }
  return {
    staffCode: record.staffCode,
    fullName: record.fullName,
    unit: { id: record.unitId, code: record.unitCode, name: record.unitName },
    mode: TRAINING_MODE_CODES[record.mode],
    trainingId: record.trainingId,
    title: record.title,
    kind: codeOf(TRAINING_KIND_CODES, record.kind),
    hours: record.hours,
    hoursBasis: record.hoursBasis,
    startsOn: record.startsOn,
    endsOn: record.endsOn,
    result,
    score: record.score,
    scoreScale: record.scoreScale,
    certificate: record.certificate && {
      code: record.certificate.code,
      status: CERTIFICATE_STATUS_CODES[record.certificate.status],
    },
  };
}
