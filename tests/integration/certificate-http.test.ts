/**
 * Certificates over HTTP on the built server and a fresh seeded database: issued when the last
 * lesson is recorded through the progress API, verified publicly by code, downloaded as a PDF by
 * the people allowed to, revoked only within an administrator's scope, and lookups rate limited.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, certificates, rateLimitBuckets, type Certificate } from '../../db/schema/index.ts';
import { groupCode } from '../../src/lib/certificates/code.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { TCD, TCD_FINAL, demoCompletionCourse, gradedFinalAttempt, userIdOf } from '../support/completion-fixtures.ts';

const course = demoCompletionCourse(TCD);
let server: RunningServer;
let db: Database;
let databaseUrl: string;
const cookie: Record<'learner' | 'otherLearner' | 'communeAdmin' | 'provinceAdmin' | 'otherProvinceAdmin', string> =
  {} as never;
let learnerId: string;

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  db = openTestDatabase(databaseUrl);
  learnerId = await userIdOf(db, 'SL-QL-007');
  const accounts = {
    learner: 'SL-QL-007',
    otherLearner: 'SL-QL-001',
    communeAdmin: 'quantri.quangloi',
    provinceAdmin: 'quantri.songlam',
    otherProvinceAdmin: 'quantri.caonguyen',
  } as const;
  for (const [role, account] of Object.entries(accounts))
    cookie[role as keyof typeof cookie] = `hls_session=${await createSession(await userIdOf(db, account))}`;
  // The final test is taken through the quiz service elsewhere; here its graded result is given.
  await gradedFinalAttempt(db, learnerId, TCD_FINAL, { percent: 83.3, passed: true });
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

const get = (path: string, who?: keyof typeof cookie) => getAs(server.baseUrl, who && cookie[who], path);
const post = (path: string, who: keyof typeof cookie, form: Record<string, string>) =>
  postFormAs(server.baseUrl, cookie[who], path, form);

async function certificateOf(userId: string): Promise<Certificate | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.userId, userId));
  return row;
}

describe('certificates over HTTP', () => {
  let issued: Certificate;

  test('are issued when the last required lesson and video are recorded through the progress API', async () => {
    const now = new Date().toISOString();
    const events = [
      ...course.lessonIds.map((lessonId) => ({
        id: randomUUID(),
        kind: 'lesson_completed',
        courseId: TCD,
        lessonId,
        occurredAt: now,
      })),
      ...course.requirements.requiredVideoIds.map((videoId) => ({
        id: randomUUID(),
        kind: 'video_watched',
        courseId: TCD,
        lessonId: course.lessonIds[0],
        videoId,
        occurredAt: now,
        data: { intervals: [[0, 500]], position: 500, duration: 500 },
      })),
    ];
    assert.equal(await certificateOf(learnerId), undefined);

    const response = await fetch(`${server.baseUrl}/api/v1/progress/events`, {
      method: 'POST',
      headers: { Cookie: cookie.learner, Origin: server.baseUrl, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events }),
    });

    assert.equal(response.status, 200);
    const certificate = await certificateOf(learnerId);
    assert.ok(certificate, 'no certificate once the progress API answered');
    assert.deepEqual(
      [certificate.scorePercent, certificate.issuer, certificate.staffCode],
      [83.3, 'Sở Nội vụ tỉnh Sông Lam', 'SL-QL-007'],
    );
    issued = certificate;
  });

  test('show their record and "Còn hiệu lực" on the public verification page, which is never indexed or cached', async () => {
    const page = await get(`/xac-minh/${groupCode(issued.code)}/`);

    assert.equal(page.status, 200);
    assert.ok(page.body.includes(issued.fullName), 'the page names the holder');
    assert.ok(page.body.includes('Còn hiệu lực'));
    assert.ok(page.body.includes(issued.courseTitle));
    assert.equal(page.headers.get('x-robots-tag'), 'noindex');
    assert.match(page.body, /<meta name="robots" content="noindex"/);
    assert.match(page.headers.get('cache-control') ?? '', /no-store/);
  });

  test('are found by their code in lower case and without dashes', async () => {
    const page = await get(`/xac-minh/${issued.code.toLowerCase()}/`);

    assert.equal(page.status, 200);
    assert.ok(page.body.includes(issued.fullName));
  });

  test('are looked up from the verification form, whatever the spacing', async () => {
    const answer = await get(
      `/xac-minh/?ma=${encodeURIComponent(` ${groupCode(issued.code).toLowerCase().replaceAll('-', ' ')} `)}`,
    );

    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), `/xac-minh/${groupCode(issued.code)}/`);
  });

  test('answer 404 "Không tìm thấy giấy chứng nhận" for an unknown code or a malformed one', async () => {
    for (const code of ['AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', 'khong-phai-ma']) {
      const page = await get(`/xac-minh/${code}/`);

      assert.equal(page.status, 404, code);
      assert.ok(page.body.includes('Không tìm thấy giấy chứng nhận'), code);
    }
  });

  test('are downloaded as a PDF by their holder and by administrators of their unit', async () => {
    for (const who of ['learner', 'communeAdmin', 'provinceAdmin'] as const) {
      const response = await fetch(`${server.baseUrl}/chung-chi/${groupCode(issued.code)}.pdf`, {
        headers: { Cookie: cookie[who] },
      });
      const bytes = new Uint8Array(await response.arrayBuffer());

      assert.equal(response.status, 200, who);
      assert.equal(response.headers.get('content-type'), 'application/pdf', who);
      assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-', who);
    }
  });

  test('answer 404 for the PDF to another learner and to an administrator of another province', async () => {
    for (const who of ['otherLearner', 'otherProvinceAdmin'] as const) {
      const answer = await get(`/chung-chi/${groupCode(issued.code)}.pdf`, who);

      assert.equal(answer.status, 404, who);
    }
  });

  test('send a signed-out visitor asking for the PDF to sign in first', async () => {
    const answer = await get(`/chung-chi/${groupCode(issued.code)}.pdf`);

    assert.equal(answer.status, 302);
    assert.match(answer.headers.get('location') ?? '', /^\/dang-nhap\/\?next=/);
  });

  test('are listed for the administrators of their unit only', async () => {
    const inside = await get('/quan-tri/chung-chi/', 'communeAdmin');
    const outside = await get('/quan-tri/chung-chi/', 'otherProvinceAdmin');

    assert.equal(inside.status, 200);
    assert.ok(inside.body.includes(issued.fullName));
    assert.equal(outside.status, 200);
    assert.ok(!outside.body.includes(issued.fullName));
  });

  test('cannot be revoked from outside the scope: 404 and nothing changes', async () => {
    const form = { certificateId: issued.id, reason: 'Thu hồi thử từ tỉnh khác, không được phép.' };

    const rpc = await post('/_actions/certificates.revoke', 'otherProvinceAdmin', form);
    const viaPage = await post(
      `/quan-tri/chung-chi/${issued.id}/?_action=certificates.revoke`,
      'otherProvinceAdmin',
      form,
    );
    const detail = await get(`/quan-tri/chung-chi/${issued.id}/`, 'otherProvinceAdmin');
    const byLearner = await post('/_actions/certificates.revoke', 'learner', form);

    assert.deepEqual([rpc.status, viaPage.status, detail.status, byLearner.status], [404, 404, 404, 404]);
    assert.ok(!viaPage.body.includes(issued.fullName), 'the 404 names the holder');
    assert.deepEqual(await certificateOf(learnerId), issued);
  });

  test('cannot be revoked without a reason: a Vietnamese message next to the field, nothing changes', async () => {
    const empty = await post('/_actions/certificates.revoke', 'communeAdmin', {
      certificateId: issued.id,
      reason: '   ',
    });
    const short = await post('/_actions/certificates.revoke', 'communeAdmin', {
      certificateId: issued.id,
      reason: 'sai',
    });
    const page = await post(`/quan-tri/chung-chi/${issued.id}/?_action=certificates.revoke`, 'communeAdmin', {
      certificateId: issued.id,
      reason: '',
    });

    assert.deepEqual([empty.status, short.status], [400, 400]);
    assert.ok(empty.body.includes('Hãy nhập lý do thu hồi.'));
    assert.ok(short.body.includes('Lý do thu hồi quá ngắn'));
    assert.ok(
      page.body.includes('Có lỗi cần sửa') && page.body.includes('<title>Lỗi: '),
      'the page shows the error summary',
    );
    assert.deepEqual(await certificateOf(learnerId), issued);
  });

  test('revoked within the scope record who, when and why, and the verification page says so at once', async () => {
    const reason = 'Kết quả bài kiểm tra cuối khóa không trung thực.';
    const startedAt = Date.now();

    const answer = await post(`/quan-tri/chung-chi/${issued.id}/?_action=certificates.revoke`, 'communeAdmin', {
      certificateId: issued.id,
      reason,
    });
    const page = await get(`/xac-minh/${groupCode(issued.code)}/`);

    assert.equal(answer.status, 303);
    const revoked = (await certificateOf(learnerId))!;
    assert.equal(revoked.revokedBy, await userIdOf(db, 'quantri.quangloi'));
    assert.equal(revoked.revokeReason, reason);
    assert.ok(revoked.revokedAt && revoked.revokedAt.getTime() >= startedAt - 1_000);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('Đã thu hồi'));
    assert.ok(page.body.includes(reason));
    assert.ok(!page.body.includes('Còn hiệu lực'));
  });

  test('a revocation is in the audit log with its reason, once', async () => {
    const entries = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `certificate:${issued.code}`));

    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.userId, (entry.details as { reason?: string } | null)?.reason]),
      [
        [
          'revoke-certificate',
          await userIdOf(db, 'quantri.quangloi'),
          'Kết quả bài kiểm tra cuối khóa không trung thực.',
        ],
      ],
    );
  });

  test('cannot be revoked twice', async () => {
    const again = await post('/_actions/certificates.revoke', 'provinceAdmin', {
      certificateId: issued.id,
      reason: 'Thu hồi lần nữa để thử.',
    });

    assert.equal(again.status, 409);
  });
});

describe('verification rate limit', () => {
  let limited: RunningServer;
  before(async () => {
    // The counts live in the database, shared by every server on it: the lookups above must not count.
    await db.delete(rateLimitBuckets);
    limited = await startServer({ DATABASE_URL: databaseUrl });
  });
  after(() => limited?.stop());

  test('answers 429 with a Vietnamese message and Retry-After after 30 lookups a minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await fetch(`${limited.baseUrl}/xac-minh/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHA/`)).status);

    const refused = await fetch(`${limited.baseUrl}/xac-minh/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHA/`);
    const body = await refused.text();

    assert.deepEqual([...new Set(statuses)], [404]);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.ok(body.includes('Hãy thử lại sau'), 'the page says when to try again');
  });
});
