import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mergeTrainingRecords,
  type AttendanceRow,
  type CompletionRow,
} from '../../src/lib/server/records/training-records.ts';

const courses = new Map([['ky-nang-so', { title: 'Kỹ năng số cho cán bộ xã', kind: 'tap-huan-nghiep-vu', hours: 8 }]]);
const completion: CompletionRow = {
  officialId: 'a',
  courseId: 'ky-nang-so',
  completedAt: new Date('2026-05-31T18:30:00Z'),
  scorePercent: 90,
};
const attendance: AttendanceRow = {
  officialId: 'a',
  classId: 'c1',
  kind: 'kien-thuc-chung-qlnn',
  content: 'Quản lý nhà nước chung',
  startsOn: '2026-03-02',
  endsOn: '2026-03-13',
  hours: 80,
  result: 'hoan-thanh',
  score: 8.5,
  certificateNumber: 'CC-01',
};

describe('mergeTrainingRecords', () => {
  test('dates an online completion by its calendar day in Vietnam', () => {
    const [record] = mergeTrainingRecords([completion], [], [], courses);

    assert.equal(record.endedOn, '2026-06-01');
  });

  test('takes title, kind and hours of an online course from the published course', () => {
    const [record] = mergeTrainingRecords([completion], [], [], courses);

    assert.deepEqual(
      [record.content, record.kind, record.hours, record.source],
      ['Kỹ năng số cho cán bộ xã', 'tap-huan-nghiep-vu', 8, 'online'],
    );
  });

  test("gives a completion its valid certificate's code and none without one", () => {
    const certificate = {
      officialId: 'a',
      courseId: 'ky-nang-so',
      code: 'ABC',
      courseTitle: 'x',
      trainingKind: 'x',
      hours: 8,
    };

    const withCertificate = mergeTrainingRecords([completion], [certificate], [], courses)[0];
    const without = mergeTrainingRecords([completion], [], [], courses)[0];

    assert.deepEqual([withCertificate.certificateCode, without.certificateCode], ['ABC', null]);
  });

  test('prefers a valid certificate to a revoked one of the same course', () => {
    const revoked = {
      officialId: 'a',
      courseId: 'ky-nang-so',
      code: 'OLD',
      courseTitle: 'x',
      trainingKind: 'x',
      hours: 8,
      revokedAt: new Date('2026-06-02T00:00:00Z'),
    };
    const valid = {
      officialId: 'a',
      courseId: 'ky-nang-so',
      code: 'NEW',
      courseTitle: 'x',
      trainingKind: 'x',
      hours: 8,
      revokedAt: null,
    };

    const [record] = mergeTrainingRecords([completion], [valid, revoked], [], courses);

    assert.deepEqual([record.certificateCode, record.certificateRevoked], ['NEW', false]);
  });

  test('marks a completion whose only certificate was revoked (when revoked ones are passed in)', () => {
    const revoked = {
      officialId: 'a',
      courseId: 'ky-nang-so',
      code: 'OLD',
      courseTitle: 'x',
      trainingKind: 'x',
      hours: 8,
      revokedAt: new Date('2026-06-02T00:00:00Z'),
    };

    const [record] = mergeTrainingRecords([completion], [revoked], [], courses);

    assert.deepEqual([record.certificateCode, record.certificateRevoked], ['OLD', true]);
  });

  test('lists online and in-person trainings together, newest first', () => {
    const records = mergeTrainingRecords([completion], [], [attendance], courses);

    assert.deepEqual(
      records.map((record) => record.source),
      ['online', 'class'],
    );
  });

  test('keeps a class score on its scale of 10 and its certificate number', () => {
    const [record] = mergeTrainingRecords([], [], [attendance], courses);

    assert.deepEqual([record.score, record.scoreMax, record.certificateCode, record.hours], [8.5, 10, 'CC-01', 80]);
  });

  test('a sample course’s completion is no record; the same completion of a real course is (control)', () => {
    const sample = new Map([['ky-nang-so', { ...courses.get('ky-nang-so')!, sample: true }]]);

    assert.deepEqual(
      mergeTrainingRecords([completion], [], [attendance], sample).map((record) => record.source),
      ['class'],
    );
    assert.deepEqual(
      mergeTrainingRecords([completion], [], [attendance], courses).map((record) => record.source),
      ['online', 'class'],
    );
  });

  test('a completion whose certificate was issued as a sample is no record, even when the course is gone', () => {
    const certificate = {
      officialId: 'a',
      courseId: 'ky-nang-so',
      code: 'M',
      courseTitle: 'x',
      trainingKind: 'x',
      hours: 3,
    };

    assert.equal(mergeTrainingRecords([completion], [{ ...certificate, sample: true }], [], new Map()).length, 0);
    const [gone] = mergeTrainingRecords([completion], [certificate], [], new Map());
    assert.deepEqual([gone.hours, gone.hoursBasis], [3, 'theo giấy chứng nhận đã cấp']);
  });

  test('says where the hours come from', () => {
    const programme = new Map([
      [
        'ky-nang-so',
        {
          ...courses.get('ky-nang-so')!,
          hours: 16,
          hoursBasis: 'theo Quyết định số 1/QĐ-UBND ngày 02/01/2027 của UBND tỉnh',
        },
      ],
    ]);
    const [online, inClass] = mergeTrainingRecords([completion], [], [attendance], programme);

    assert.deepEqual(
      [online.hours, online.hoursBasis],
      [16, 'theo Quyết định số 1/QĐ-UBND ngày 02/01/2027 của UBND tỉnh'],
    );
    assert.equal(inClass.hoursBasis, 'theo lớp bồi dưỡng đã ghi nhận');
    assert.equal(mergeTrainingRecords([completion], [], [], courses)[0].hoursBasis, 'theo nội dung khóa học');
  });
});
