import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contentMinutes,
  creditedHours,
  declaredHoursProblem,
  hoursBasisText,
  hoursOfMinutes,
  programmeProblem,
  type ProgrammeDecision,
} from '../../src/lib/credited-hours.ts';

const DECISION: ProgrammeDecision = {
  decisionNumber: '125/QĐ-UBND',
  decisionDate: '2027-01-15',
  issuer: 'UBND tỉnh Sông Lam',
  programmeHours: 80,
  onlineHours: 16,
};

describe('contentMinutes', () => {
  test('adds lessons, quizzes (limit, else estimate) and case studies (estimate)', () => {
    const cases: [Parameters<typeof contentMinutes>[0], number][] = [
      [{ lessons: [], quizzes: [], caseStudies: [] }, 0],
      [{ lessons: [{ minutes: 25 }, { minutes: 20 }], quizzes: [], caseStudies: [] }, 45],
      [{ lessons: [], quizzes: [{ timeLimitMinutes: 30 }], caseStudies: [] }, 30],
      // The limit wins over an estimate; an untimed quiz without an estimate takes nothing.
      [{ lessons: [], quizzes: [{ timeLimitMinutes: 30, estimatedMinutes: 90 }, {}], caseStudies: [] }, 30],
      [{ lessons: [], quizzes: [{ estimatedMinutes: 15 }], caseStudies: [{ minutes: 20 }, {}] }, 35],
    ];
    for (const [content, minutes] of cases) assert.equal(contentMinutes(content), minutes, JSON.stringify(content));
  });
});

describe('hoursOfMinutes', () => {
  test('rounds down to a half hour, never above the content', () => {
    const cases: [number, number][] = [
      [0, 0],
      [-5, 0],
      [29, 0],
      [30, 0.5],
      [59, 0.5],
      [60, 1],
      [160, 2.5],
      [175, 2.5],
      [195, 3],
      [215, 3.5],
      [4800, 80],
    ];
    for (const [minutes, hours] of cases) {
      assert.equal(hoursOfMinutes(minutes), hours, `${minutes} phút`);
      assert.ok(hoursOfMinutes(minutes) * 60 <= Math.max(0, minutes));
    }
  });
});

describe('creditedHours', () => {
  test('by content when no programme is recorded', () => {
    assert.deepEqual(creditedHours(215), { hours: 3.5, contentHours: 3.5, basis: { kind: 'content' } });
  });

  test('a recognised programme credits the online part as decided, whatever the content', () => {
    const credit = creditedHours(215, DECISION);
    assert.equal(credit.hours, 16);
    assert.equal(credit.contentHours, 3.5);
    assert.equal(credit.basis.kind, 'programme');
  });

  test('never more than the programme hours', () => {
    assert.equal(creditedHours(215, { ...DECISION, onlineHours: 120 }).hours, 80);
  });
});

describe('hoursBasisText', () => {
  test('says where the hours come from', () => {
    assert.equal(hoursBasisText({ kind: 'content' }), 'theo nội dung khóa học');
    assert.equal(
      hoursBasisText({ kind: 'programme', decision: DECISION }),
      'theo Quyết định số 125/QĐ-UBND ngày 15/01/2027 của UBND tỉnh Sông Lam (phần học trực tuyến của chương trình 80 giờ)',
    );
    assert.match(hoursBasisText({ kind: 'programme', decision: { ...DECISION, illustrative: true } }), /minh họa/);
  });
});

describe('declaredHoursProblem', () => {
  test('refuses declared hours above the content, naming both figures', () => {
    const message = declaredHoursProblem(80, 215);
    assert.ok(message);
    assert.match(message, /hours: 80/);
    assert.match(message, /3,5 giờ/);
    assert.match(message, /hãy ghi hours: 3\.5/);
  });

  test('under half an hour of content asks for more content, since hours cannot be 0', () => {
    assert.match(declaredHoursProblem(4, 10) ?? '', /\(0 giờ, từ 10 phút.*chưa đủ nửa giờ, hãy bổ sung bài học/);
  });

  test('accepts declared hours at or below the credit (control)', () => {
    assert.equal(declaredHoursProblem(3.5, 215), undefined);
    assert.equal(declaredHoursProblem(2, 215), undefined);
  });
});

describe('programmeProblem', () => {
  test('the online part cannot exceed the programme', () => {
    assert.match(programmeProblem({ programmeHours: 16, onlineHours: 20 }) ?? '', /không được lớn hơn/);
    assert.equal(programmeProblem({ programmeHours: 80, onlineHours: 80 }), undefined);
  });
});
