/** A training record as the records API sends it (an official by staff code, never e-mail). Pure. */
import type { TrainingRecord } from './training-records.ts';

/** The API's JSON shape of one record. */
export function recordJson(record: TrainingRecord) {
  return {
    staffCode: record.staffCode,
    fullName: record.fullName,
    unit: { id: record.unitId, code: record.unitCode, name: record.unitName },
    mode: record.mode,
    trainingId: record.trainingId,
    title: record.title,
    kind: record.kind,
    hours: record.hours,
    startsOn: record.startsOn,
    endsOn: record.endsOn,
    result: record.result,
    score: record.score,
    scoreScale: record.scoreScale,
    certificate: record.certificate,
  };
}
