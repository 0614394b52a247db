/**
 * Recognised programmes on a real libSQL file database and the built server: a content reviewer
 * records a course as the online part of a programme approved by a decision, with its audit
 * entry; bad input, another role and an unknown course are refused (4xx, a Vietnamese sentence,
 * nothing written); a completion then credits the decision's online hours and its certificate
 * prints them beside the decision, while other courses keep their content's hours (control);
 * removing the record brings the content's hours back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, certificates, recognisedProgrammes } from '../../db/schema/index.ts';
import { completeCourseIfDue } from '../../src/lib/server/completion/complete-course.ts';
import { recordProgramme, removeProgramme } from '../../src/lib/server/programmes/programmes.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { sessionUserOf } from '../support/api-token-fixtures.ts';
import {
  TCD,
  TCD_FINAL,
  completeLessonsAndVideos,
  demoCompletionCourse,
  gradedFinalAttempt,
  userIdOf,
} from '../support/completion-fixtures.ts';

const PUBLISHED = new Set([TCD, 'van-hanh-chinh-quyen-dia-phuong-2-cap']);
const DECISION = {
  course: TCD,
  programmeName: 'Chương trình tập huấn tiếp công dân cấp xã',
  decisionNumber: '125/QĐ-UBND',
  decisionDate: '2026-10-15',
  issuer: 'UBND tỉnh Sông Lam',
  programmeHours: 24,
  onlineHours: 8,
};
const NOW = new Date('2026-11-20T03:00:00Z');

let db: Database;
let databaseUrl: string;
let server: RunningServer;
let reviewerCookie: string;
let adminCookie: string;

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  reviewerCookie = `hls_session=${await createSession((await sessionUserOf(db, 'thamdinh')).id)}`;
  adminCookie = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.songlam')).id)}`;
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  await server?.stop();
  db.$client.close();
});

const rows = () => db.select().from(recognisedProgrammes);
const audits = () =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.target, TCD))
    .then((entries) => entries.filter((entry) => entry.action.endsWith('programme')));

async function complete(staffCode: string) {
  const course = demoCompletionCourse(TCD);
  const userId = await userIdOf(db, staffCode);
  await completeLessonsAndVideos(db, userId, course);
  await gradedFinalAttempt(db, userId, TCD_FINAL, { percent: 90, passed: true });
  await completeCourseIfDue(db, course, userId);
  const [certificate] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseId, TCD)));
  return certificate;
}

describe('recordProgramme and removeProgramme', () => {
  test('refuse another role, bad hours, a future date and an unknown course, writing nothing', async () => {
    const reviewer = await sessionUserOf(db, 'thamdinh');
    const admin = await sessionUserOf(db, 'quantri.songlam');

    const cases = [
      [await recordProgramme(admin, DECISION, PUBLISHED, { db, now: NOW }), 403, /thẩm định/],
      [
        await recordProgramme(reviewer, { ...DECISION, onlineHours: 30 }, PUBLISHED, { db, now: NOW }),
        400,
        /không được lớn hơn tổng số giờ/,
      ],
      [
        await recordProgramme(reviewer, { ...DECISION, decisionDate: '2026-12-01' }, PUBLISHED, { db, now: NOW }),
        400,
        /sau hôm nay/,
      ],
      [
        await recordProgramme(reviewer, { ...DECISION, course: 'khong-co' }, PUBLISHED, { db, now: NOW }),
        404,
        /Không tìm thấy khóa học/,
      ],
    ] as const;
    for (const [outcome, status, message] of cases) {
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.equal(outcome.status, status);
        assert.match(outcome.message, message);
      }
    }
    assert.deepEqual(await rows(), []);
    assert.deepEqual(await audits(), []);
  });

  test('a certificate before any record prints the content’s hours (control)', async () => {
    const certificate = await complete('SL-QL-011');
    assert.deepEqual([certificate.hours, certificate.hoursBasis], [3, 'theo nội dung khóa học']);
  });

  test('a reviewer’s record is stored with its audit entry, and the next certificate prints the decision’s online hours', async () => {
    const outcome = await recordProgramme(await sessionUserOf(db, 'thamdinh'), DECISION, PUBLISHED, { db, now: NOW });
    assert.deepEqual(outcome, { ok: true });
    assert.equal((await rows()).length, 1);
    const [entry] = await audits();
    assert.equal(entry.action, 'recognise-programme');
    assert.equal((entry.details as { decisionNumber: string }).decisionNumber, '125/QĐ-UBND');

    const certificate = await complete('SL-QL-012');
    assert.equal(certificate.hours, 8);
    assert.equal(
      certificate.hoursBasis,
      'theo Quyết định số 125/QĐ-UBND ngày 15/10/2026 của UBND tỉnh Sông Lam (phần học trực tuyến của chương trình 24 giờ)',
    );
  });

  test('removing the record is audited and the content’s hours come back', async () => {
    const outcome = await removeProgramme(await sessionUserOf(db, 'thamdinh'), TCD, { db, now: NOW });
    assert.deepEqual(outcome, { ok: true });
    assert.deepEqual(await rows(), []);
    assert.deepEqual(
      (await audits()).map((entry) => entry.action),
      ['recognise-programme', 'unrecognise-programme'],
    );
    const again = await removeProgramme(await sessionUserOf(db, 'thamdinh'), TCD, { db, now: NOW });
    assert.equal(again.ok ? 0 : again.status, 404);

    assert.equal((await complete('SL-QL-013')).hours, 3);
  });
});

describe('the reviewer screen over HTTP', () => {
  const form = (overrides: Record<string, string> = {}) => ({
    course: 'van-hanh-chinh-quyen-dia-phuong-2-cap',
    programmeName: 'Chương trình bồi dưỡng kiến thức chung về quản lý nhà nước',
    decisionNumber: '77/QĐ-UBND',
    decisionDate: '2026-09-01',
    issuer: 'UBND tỉnh Sông Lam',
    programmeHours: '80',
    onlineHours: '16',
    ...overrides,
  });
  const PATH = '/giang-vien/chuong-trinh/';

  test('is not found for an administrator who is no reviewer, and refuses their form with 404', async () => {
    assert.equal((await getAs(server.baseUrl, adminCookie, PATH)).status, 404);
    const posted = await postFormAs(server.baseUrl, adminCookie, `${PATH}?_action=programmes.record`, form());
    assert.equal(posted.status, 404);
    assert.equal((await rows()).length, 0);
  });

  test('refuses bad input with 400 and the Vietnamese message beside the field, writing nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ onlineHours: '100' }, /Số giờ học trực tuyến \(100\) không được lớn hơn tổng số giờ của chương trình \(80\)/],
      [{ programmeHours: 'tám mươi' }, /Tổng số giờ của chương trình phải là một số giờ/],
      [{ onlineHours: '16,3' }, /tính theo nửa giờ/],
      [{ decisionDate: '2026-02-30' }, /Ngày ban hành không có thật trên lịch/],
      [{ decisionNumber: '' }, /Hãy nhập số quyết định/],
      [{ course: '../etc' }, /Mã khóa học không hợp lệ/],
    ];
    for (const [overrides, message] of cases) {
      const answer = await postFormAs(
        server.baseUrl,
        reviewerCookie,
        `${PATH}?_action=programmes.record`,
        form(overrides),
      );
      assert.equal(answer.status, 400, JSON.stringify(overrides));
      assert.match(answer.body, message, JSON.stringify(overrides));
    }
    const unknown = await postFormAs(
      server.baseUrl,
      reviewerCookie,
      `${PATH}?_action=programmes.record`,
      form({ course: 'khong-co-khoa-nay' }),
    );
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /Không tìm thấy khóa học đang xuất bản này/);
    assert.equal((await rows()).length, 0);
  });

  test('records a decision and shows the credited hours with their basis (control)', async () => {
    const answer = await postFormAs(server.baseUrl, reviewerCookie, `${PATH}?_action=programmes.record`, form());
    assert.equal(answer.status, 302);
    const page = await getAs(server.baseUrl, reviewerCookie, PATH);
    assert.equal(page.status, 200);
    assert.match(page.body, /theo Quyết định số 77\/QĐ-UBND ngày 01\/09\/2026 của UBND tỉnh Sông Lam/);
    assert.match(page.body, /3,5 giờ/);
    const catalog = await getAs(server.baseUrl, undefined, '/khoa-hoc/');
    assert.match(catalog.body, /16 giờ được ghi nhận theo Quyết định số 77\/QĐ-UBND/);
    assert.match(catalog.body, /3 giờ được ghi nhận theo nội dung khóa học/);
  });
});
