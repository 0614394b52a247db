/** The records API's JSON of one training record: English codes for the stored Vietnamese slugs. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTENDANCE_RESULTS } from '../../src/lib/classes/vocabulary.ts';
import { recordJson } from '../../src/lib/server/api-tokens/records-json.ts';
import type { TrainingRecord } from '../../src/lib/server/api-tokens/training-records.ts';
import { TrainingRecordSchema } from '../../src/schemas/api/records.ts';

const online: TrainingRecord = {
  mode: 'truc-tuyen',
  staffCode: 'SL-QL-001',
  fullName: 'Nguyễn Văn A',
  unitId: 'u1',
  unitCode: 'SL-QL',
  unitName: 'Xã Quảng Lợi',
  trainingId: 'tiep-cong-dan',
  title: 'Tiếp công dân',
  kind: 'ky-nang-bo-tro',
  hours: 8,
  hoursBasis: 'theo nội dung khóa học',
  startsOn: '2026-02-10',
  endsOn: '2026-02-10',
  result: 'dat',
  score: 85,
  scoreScale: 100,
  certificate: { code: 'ABC', status: 'da-thu-hoi' },
  at: 0,
};

describe('recordJson', () => {
  test('answers English codes and fits the schema the OpenAPI document is generated from', () => {
    const json = recordJson(online);

    assert.deepEqual(
      [json.mode, json.kind, json.result, json.certificate?.status],
      ['online', 'supplementary_skills', 'passed', 'revoked'],
    );
    assert.deepEqual(TrainingRecordSchema.parse(json), json);
  });

  test('maps every class mode and result, and a kind it does not know to null', () => {
    const rows = (['truc-tiep', 'ket-hop'] as const).flatMap((mode) =>
      ATTENDANCE_RESULTS.map((result) =>
        recordJson({ ...online, mode, result, kind: '', certificate: null, scoreScale: 10 }),
      ),
    );

    assert.deepEqual([...new Set(rows.map((row) => row.mode))], ['in_person', 'blended']);
    assert.deepEqual([...new Set(rows.map((row) => row.result))], ['completed', 'not_completed', 'absent', 'enrolled']);
    assert.ok(rows.every((row) => row.kind === null && row.certificate === null));
  });

  test('sends null, which the document allows, for a stored result it has no code for', () => {
    const json = recordJson({ ...online, result: 'khac' as TrainingRecord['result'] });

    assert.equal(json.result, null);
    assert.deepEqual(TrainingRecordSchema.parse(json), json);
  });
});
