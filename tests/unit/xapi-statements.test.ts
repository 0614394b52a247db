import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import xapiValidation from 'xapi-validation';
import {
  certificateIssuedFact,
  certificateRevokedFact,
  courseCompletedFact,
  evaluationFact,
  finalTestFact,
  isoDuration,
  type XapiFact,
} from '../../src/lib/xapi/statements.ts';
import { registrationOf, statementIdOf, uuidv5 } from '../../src/lib/xapi/uuid.ts';
import { backoffDelay, senderConfigFromEnv } from '../../src/lib/server/xapi/sender.ts';

// CommonJS with `exports.default`: Node hands an ES import the whole exports object.
const validateStatement = (xapiValidation as unknown as { default?: typeof xapiValidation }).default ?? xapiValidation;

const BASE = 'https://hoclieuso.example.gov.vn';
const learner = { userId: 'u1abc', staffCode: 'SL-QL-007' };
const course = { id: 'tiep-cong-dan', title: 'Tiếp công dân và xử lý đơn thư' };
const certificate = {
  certificateId: 'c1',
  code: 'abcdefghijklmnopqrstuvwxyz234567',
  course,
  trainingKind: 'Tập huấn chuyên môn, nghiệp vụ, kỹ năng',
  hours: 8,
  scorePercent: 85,
};

/** One fact of every kind, built twice from the same input. */
function everyFact(): Record<string, XapiFact> {
  return {
    completion: courseCompletedFact(
      {
        learner,
        course,
        completedAt: new Date('2026-03-02T03:04:05Z'),
        scorePercent: 85,
        courseVersion: 'v1',
        durationMs: 5_400_000,
      },
      BASE,
    ),
    completionWithoutTest: courseCompletedFact(
      { learner, course, completedAt: new Date('2026-03-02T03:04:05Z'), scorePercent: null },
      BASE,
    ),
    passed: finalTestFact(
      {
        learner,
        course,
        attemptId: 'a1',
        quizId: 'tiep-cong-dan/cuoi-khoa',
        attemptNumber: 2,
        earned: 17,
        maxPoints: 20,
        passed: true,
        startedAt: new Date('2026-03-02T02:00:00Z'),
        submittedAt: new Date('2026-03-02T02:31:12.5Z'),
      },
      BASE,
    ),
    failed: finalTestFact(
      {
        learner,
        course: { id: course.id },
        attemptId: 'a0',
        quizId: 'tiep-cong-dan/cuoi-khoa',
        attemptNumber: 1,
        earned: 4,
        maxPoints: 20,
        passed: false,
        startedAt: new Date('2026-03-01T02:00:00Z'),
        submittedAt: new Date('2026-03-01T02:45:00Z'),
      },
      BASE,
    ),
    issued: certificateIssuedFact({ learner, certificate, issuedAt: new Date('2026-03-02T03:04:06Z') }, BASE),
    revoked: certificateRevokedFact(
      {
        learner,
        certificate,
        revokedAt: new Date('2026-04-01T08:00:00Z'),
        reason: 'Cấp nhầm người, đã xác minh lại hồ sơ.',
      },
      BASE,
    ),
    evaluation: evaluationFact(
      {
        learner,
        course,
        evaluationId: 'e1',
        evaluatedAt: new Date('2026-07-01T00:00:00Z'),
        rating: { raw: 4, min: 1, max: 5 },
        criteria: { 'ket-qua-nhiem-vu': 4, 'chat-luong-tham-muu': 5 },
        comment: 'Áp dụng tốt vào công việc.',
      },
      BASE,
    ),
  };
}

describe('xAPI statements', () => {
  for (const [name, fact] of Object.entries(everyFact())) {
    test(`the ${name} statement passes xapi-validation with no warning`, () => {
      const warnings = validateStatement(fact.statement);

      assert.deepEqual(
        warnings.map(
          (warning) => `${warning.path.join('.')}: ${(warning as { typeName?: string }).typeName ?? warning.message}`,
        ),
        [],
      );
    });

    test(`the ${name} statement names the official by staff code under the site, never by email`, () => {
      assert.deepEqual(fact.statement.actor, { objectType: 'Agent', account: { homePage: BASE, name: 'SL-QL-007' } });
      assert.doesNotMatch(JSON.stringify(fact.statement), /mbox|mailto:|@/);
    });

    test(`the ${name} statement speaks vi-VN with the enrolment's registration`, () => {
      assert.equal(fact.statement.context.language, 'vi-VN');
      assert.equal(fact.statement.context.platform, 'Học Liệu Số');
      assert.equal(fact.statement.context.registration, registrationOf('u1abc', 'tiep-cong-dan'));
      assert.ok(Object.keys(fact.statement.verb.display).every((language) => language === 'vi-VN'));
      assert.ok(Object.keys(fact.statement.object.definition.name).every((language) => language === 'vi-VN'));
    });
  }

  test('xapi-validation really reports a broken statement (the checks above can fail)', () => {
    const broken = {
      ...everyFact().passed.statement,
      actor: { objectType: 'Agent', mbox: 'khong-phai-email' },
      timestamp: 'hôm qua',
    };

    assert.ok(validateStatement(broken).length >= 2);
  });

  test('the same fact always gives the same statement and id', () => {
    assert.deepEqual(everyFact(), everyFact());
  });

  test('different facts give different statement ids', () => {
    const ids = Object.values(everyFact()).map((fact) => fact.statement.id);

    // The two completions are one fact (same learner and course) and must share their id.
    assert.equal(new Set(ids).size, ids.length - 1);
  });

  test('completion, pass and fail use the ADL verbs', () => {
    const facts = everyFact();

    assert.equal(facts.completion.statement.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
    assert.equal(facts.passed.statement.verb.id, 'http://adlnet.gov/expapi/verbs/passed');
    assert.equal(facts.failed.statement.verb.id, 'http://adlnet.gov/expapi/verbs/failed');
    assert.equal(facts.issued.statement.verb.id, `${BASE}/xapi/verbs/certificate-issued`);
  });

  test('a final test reports points, scaled score, success and the time taken', () => {
    const { result, object, context } = everyFact().passed.statement;

    assert.deepEqual(result, {
      score: { scaled: 0.85, raw: 17, min: 0, max: 20 },
      success: true,
      completion: true,
      duration: 'PT31M12.5S',
    });
    assert.equal(object.id, `${BASE}/khoa-hoc/tiep-cong-dan/kiem-tra/cuoi-khoa/`);
    assert.equal(context.contextActivities?.parent[0].id, `${BASE}/khoa-hoc/tiep-cong-dan/`);
  });

  test('a failed final test is not a success', () => {
    assert.equal(everyFact().failed.statement.result?.success, false);
    assert.equal(everyFact().failed.kind, 'test-failed');
  });
});

describe('uuidv5', () => {
  test('matches the RFC 4122 example for www.example.com in the DNS namespace', () => {
    assert.equal(
      uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  test('gives version 5, variant RFC 4122 ids', () => {
    assert.match(
      statementIdOf('course-completed:u:c'),
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test('refuses a namespace that is not a UUID', () => {
    assert.throws(() => uuidv5('not-a-uuid', 'x'), TypeError);
  });
});

describe('isoDuration', () => {
  test('writes hours, minutes and seconds as ISO 8601', () => {
    assert.equal(isoDuration(5_400_000), 'PT1H30M');
    assert.equal(isoDuration(3_723_450), 'PT1H2M3.45S');
    assert.equal(isoDuration(0), 'PT0S');
  });
});

describe('the sender settings', () => {
  test('are off without XAPI_ENDPOINT', () => {
    assert.equal(senderConfigFromEnv({}), null);
  });

  test('use basic auth from XAPI_USERNAME and XAPI_PASSWORD', () => {
    const config = senderConfigFromEnv({
      XAPI_ENDPOINT: 'https://lrs.example/xapi/',
      XAPI_USERNAME: 'key',
      XAPI_PASSWORD: 'secret',
    });

    assert.equal(config?.endpoint, 'https://lrs.example/xapi');
    assert.equal(config?.authorization, `Basic ${Buffer.from('key:secret').toString('base64')}`);
  });

  test('back off exponentially with jitter up to the ceiling', () => {
    const config = { backoffMs: 1_000, maxBackoffMs: 10_000 };

    assert.equal(
      backoffDelay(config, 1, () => 0),
      500,
    );
    assert.equal(
      backoffDelay(config, 3, () => 1),
      4_000,
    );
    assert.equal(
      backoffDelay(config, 20, () => 1),
      10_000,
    );
  });
});
