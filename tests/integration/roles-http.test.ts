/**
 * Issue 16 §2 over HTTP against the built server on a fresh seeded database (Sông Lam: SL, its
 * communes SL-QL and SL-PT; Cao Nguyên: CN):
 * - a province administrator grants a commune administrator inside the province: the row says
 *   who, when and why, the audit log has it, and the person's very next request sees the new
 *   menu (their session was cached just before); revoking takes it away as fast;
 * - refusals write nothing: outside the scope 404, beyond the rank 403 (in Vietnamese), to
 *   oneself 403, a national grant by a province administrator 403;
 * - the system administrator creates an account (not an official) with its first grant; the
 *   temporary password shown once signs in and must be changed;
 * - an inspector reads the reading pages of their subtree (404 outside it and on every other
 *   administrator page) and every administrator action refuses them and writes nothing, while an
 *   administrator's same request succeeds (the control).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, courseDrafts, courseStaff, officials, roleGrants, units, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { openDraftOverHttp, signInOverHttp } from '../support/authoring-http.ts';
import { getAs, postFormAs, type HttpAnswer } from '../support/http.ts';
import { DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';

let server: RunningServer;
let db: Database;
const unitId: Record<string, string> = {};
const userId: Record<string, string> = {};
const cookie: Record<string, string> = {};

before(async () => {
  const url = await createTestDatabase();
  db = openTestDatabase(url);
  server = await startServer({ DATABASE_URL: url });
  for (const row of await db.select({ id: units.id, code: units.code }).from(units)) unitId[row.code] = row.id;
  for (const row of await db.select({ id: users.id, username: users.username }).from(users))
    userId[row.username] = row.id;
  const accounts: [string, string, string][] = [
    ['province', 'quantri.songlam', 'quan-tri-tinh-2026'],
    ['commune', 'quantri.quangloi', 'quan-tri-xa-2026'],
    ['system', 'quantri.hethong', 'quan-tri-he-thong-2026'],
    ['learner', 'hocvien', 'hoc-tap-moi-ngay'],
  ];
  await Promise.all(
    accounts.map(async ([who, username, password]) => {
      cookie[who] = await signInOverHttp(server.baseUrl, username, password);
    }),
  );
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

const GRANT = '/quan-tri/vai-tro/?_action=roles.grant';
const REVOKE = '/quan-tri/vai-tro/?_action=roles.revoke';
const CREATE = '/quan-tri/vai-tro/tai-khoan-moi/?_action=roles.createAccount';

const grantCount = async () => (await db.select({ n: sql<number>`count(*)` }).from(roleGrants))[0].n;
const auditRows = (action: 'grant-role' | 'revoke-role') =>
  db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.id);

function assertRefused(answer: HttpAnswer, status: number, message: RegExp, what: string): void {
  assert.equal(answer.status, status, `${what}: status`);
  assert.match(answer.body, message, `${what}: message`);
}

describe('granting and revoking', () => {
  let grantId = 0;

  test('a province administrator grants a commune administrator; it applies on the next request', async () => {
    // The learner's session is validated (and cached) first: no administrator page.
    assert.equal((await getAs(server.baseUrl, cookie.learner, '/quan-tri/')).status, 404);
    const answer = await postFormAs(server.baseUrl, cookie.province, GRANT, {
      username: 'hocvien',
      role: 'commune_admin',
      unitId: unitId['SL-QL'],
      reason: 'Quyết định 12/QĐ-UBND ngày 01/07/2026',
    });
    assert.equal(answer.status, 303, answer.body.slice(0, 500));
    const location = answer.headers.get('location') ?? '';
    assert.match(location, /da-luu=cap/);
    const page = await getAs(server.baseUrl, cookie.province, location);
    assert.equal(page.status, 200);
    assert.match(page.body, /Đã cấp vai trò/);
    assert.match(page.body, /Quyết định 12\/QĐ-UBND/);

    const [row] = await db
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, userId.hocvien), eq(roleGrants.role, 'commune_admin')));
    assert.ok(row, 'the grant is stored');
    grantId = row.id;
    assert.equal(row.unitId, unitId['SL-QL']);
    assert.equal(row.grantedBy, userId['quantri.songlam']);
    assert.ok(row.grantedAt && Math.abs(row.grantedAt.getTime() - Date.now()) < 60_000);
    assert.equal(row.reason, 'Quyết định 12/QĐ-UBND ngày 01/07/2026');
    const [audit] = await auditRows('grant-role');
    assert.equal(audit.userId, userId['quantri.songlam']);
    assert.equal(audit.target, `user:${userId.hocvien}`);
    assert.deepEqual(
      { role: audit.details?.role, unitId: audit.details?.unitId, reason: audit.details?.reason },
      { role: 'commune_admin', unitId: unitId['SL-QL'], reason: 'Quyết định 12/QĐ-UBND ngày 01/07/2026' },
    );

    // Right away, within the session cache's lifetime: the new menu and the commune's pages.
    const overview = await getAs(server.baseUrl, cookie.learner, '/quan-tri/');
    assert.equal(overview.status, 200);
    assert.match(overview.body, /href="\/quan-tri\/"[^>]*>Quản trị</);
    assert.equal((await getAs(server.baseUrl, cookie.learner, `/quan-tri/don-vi/${unitId['SL-QL']}/`)).status, 200);
  });

  test('refusals write nothing: 404 outside the scope, 403 beyond the rank or to oneself', async () => {
    const before = await grantCount();
    const cases: [string, Record<string, string>, number, RegExp][] = [
      [
        'province → a commune of another province',
        { username: 'hocvien', role: 'commune_admin', unitId: unitId['CN-DH'] ?? cnCommune(), reason: 'x' },
        404,
        /Không tìm thấy đơn vị/,
      ],
      [
        'province → an account of another province',
        { username: cnOfficialUsername(), role: 'evaluator', unitId: unitId.SL, reason: 'x' },
        404,
        /Không tìm thấy tài khoản/,
      ],
      [
        'province → itself',
        { username: 'quantri.songlam', role: 'evaluator', unitId: unitId.SL, reason: 'x' },
        403,
        /tự cấp/,
      ],
      [
        'province → a national inspector',
        { username: 'hocvien', role: 'inspector', unitId: '', reason: 'x' },
        403,
        /Chỉ quản trị hệ thống/,
      ],
    ];
    for (const [what, form, status, message] of cases)
      assertRefused(await postFormAs(server.baseUrl, cookie.province, GRANT, form), status, message, what);
    assertRefused(
      await postFormAs(server.baseUrl, cookie.commune, GRANT, {
        username: slOfficialUsername('SL-QL', 2),
        role: 'instructor',
        unitId: unitId['SL-QL'],
        reason: 'x',
      }),
      403,
      /cao hơn quyền quản trị/,
      'commune → an instructor',
    );
    assertRefused(
      await postFormAs(server.baseUrl, cookie.commune, GRANT, {
        username: slOfficialUsername('SL-QL', 2),
        role: 'province_admin',
        unitId: unitId.SL,
        reason: 'x',
      }),
      404,
      /Không tìm thấy đơn vị/,
      'commune → the province',
    );
    assertRefused(
      await postFormAs(server.baseUrl, cookie.province, GRANT, {
        username: 'hocvien',
        role: 'evaluator',
        unitId: unitId.SL,
        reason: '',
      }),
      400,
      /Hãy nhập lý do/,
      'no reason',
    );
    assert.equal(await grantCount(), before, 'no grant written');
    assert.equal((await auditRows('grant-role')).length, 1, 'no audit entry written');
  });

  test('revoking needs a reason, is audited, and applies on the next request; never one’s own', async () => {
    const own = await db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(eq(roleGrants.userId, userId['quantri.songlam']));
    const provinceGrant = own.find(Boolean)!.id;
    assertRefused(
      await postFormAs(server.baseUrl, cookie.province, REVOKE, { grantId: String(provinceGrant), reason: 'x' }),
      403,
      /tự thu hồi/,
      'own grant',
    );
    assertRefused(
      await postFormAs(server.baseUrl, cookie.commune, REVOKE, { grantId: String(provinceGrant), reason: 'x' }),
      404,
      /Không tìm thấy vai trò/,
      'a commune administrator, the province administrator’s grant',
    );
    assert.equal((await auditRows('revoke-role')).length, 0);

    const answer = await postFormAs(server.baseUrl, cookie.province, REVOKE, {
      grantId: String(grantId),
      reason: 'Hết nhiệm kỳ',
    });
    assert.equal(answer.status, 303, answer.body.slice(0, 300));
    assert.equal((await db.select().from(roleGrants).where(eq(roleGrants.id, grantId))).length, 0);
    const [audit] = await auditRows('revoke-role');
    assert.equal(audit.userId, userId['quantri.songlam']);
    assert.equal(audit.details?.reason, 'Hết nhiệm kỳ');
    assert.equal(audit.details?.role, 'commune_admin');
    assert.equal(audit.details?.grantReason, 'Quyết định 12/QĐ-UBND ngày 01/07/2026');
    assert.equal((await getAs(server.baseUrl, cookie.learner, '/quan-tri/')).status, 404, 'access gone at once');
  });

  test('the roles screen lists, filters and shows one person; outside the scope 404', async () => {
    const list = await getAs(server.baseUrl, cookie.province, '/quan-tri/vai-tro/?vai-tro=province_admin');
    assert.equal(list.status, 200);
    assert.match(list.body, /Sở Nội vụ tỉnh Sông Lam/);
    assert.doesNotMatch(list.body, /Sở Nội vụ tỉnh Cao Nguyên/, 'another province’s administrator is not listed');
    const person = await getAs(
      server.baseUrl,
      cookie.province,
      `/quan-tri/vai-tro/?nguoi=${userId['quantri.quangloi']}`,
    );
    assert.equal(person.status, 200);
    assert.match(person.body, /Vai trò của Quản trị xã Quảng Lợi/);
    assert.equal(
      (await getAs(server.baseUrl, cookie.province, `/quan-tri/vai-tro/?nguoi=${userId['quantri.caonguyen']}`)).status,
      404,
    );
    assert.equal((await getAs(server.baseUrl, cookie.province, `/quan-tri/vai-tro/?don-vi=${unitId.CN}`)).status, 404);
    assert.equal((await getAs(server.baseUrl, cookie.learner, '/quan-tri/vai-tro/')).status, 404);
  });
});

describe('accounts for people who are not officials', () => {
  test('the system administrator creates a province administrator; the temporary password signs in once changed', async () => {
    const answer = await postFormAs(server.baseUrl, cookie.system, CREATE, {
      username: 'QuanTri.CaoNguyen2',
      displayName: 'Phó Giám đốc Sở Nội vụ Cao Nguyên',
      email: 'pgd@snv.caonguyen.gov.vn',
      role: 'province_admin',
      unitId: unitId.CN,
      reason: 'Quyết định 5/QĐ-BNV',
    });
    assert.equal(answer.status, 200, answer.body.slice(0, 300));
    assert.match(answer.body, /Mật khẩu tạm thời/);
    const password = /data-temporary-password[^>]*>([^<]+)</.exec(answer.body)?.[1];
    assert.match(password ?? '', /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const [account] = await db.select().from(users).where(eq(users.username, 'quantri.caonguyen2'));
    assert.equal(account.email, 'pgd@snv.caonguyen.gov.vn');
    assert.equal(account.officialId, null);
    assert.equal(account.mustChangePassword, true);
    assert.ok(account.temporaryPasswordExpiresAt && account.temporaryPasswordExpiresAt.getTime() > Date.now());
    assert.notEqual(account.passwordHash, password);
    const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, account.id));
    assert.deepEqual(
      grants.map((grant) => [grant.role, grant.unitId, grant.grantedBy, grant.reason]),
      [['province_admin', unitId.CN, userId['quantri.hethong'], 'Quyết định 5/QĐ-BNV']],
    );
    const audit = (await auditRows('grant-role')).at(-1)!;
    assert.equal(audit.target, `user:${account.id}`);
    assert.equal(audit.details?.newAccount, true);

    const session = await signInOverHttp(server.baseUrl, 'quantri.caonguyen2', password!);
    const first = await getAs(server.baseUrl, session, '/quan-tri/');
    assert.ok([302, 303].includes(first.status), `status ${first.status}`);
    assert.match(first.headers.get('location') ?? '', /\/doi-mat-khau\//);
  });

  test('refused creations leave no account behind', async () => {
    const count = async () => (await db.select({ n: sql<number>`count(*)` }).from(users))[0].n;
    const before = await count();
    const form = (overrides: Record<string, string>) => ({
      username: 'thanhtra.bo',
      displayName: 'Thanh tra Bộ',
      email: 'thanhtra@bnv.gov.vn',
      role: 'inspector',
      unitId: unitId.SL,
      reason: 'Kiểm tra chuyên đề',
      ...overrides,
    });
    assertRefused(
      await postFormAs(server.baseUrl, cookie.commune, CREATE, form({})),
      404,
      /Không tìm thấy đơn vị/,
      'commune → province unit',
    );
    assertRefused(
      await postFormAs(
        server.baseUrl,
        cookie.commune,
        CREATE,
        form({ role: 'province_admin', unitId: unitId['SL-QL'] }),
      ),
      400,
      /cấp tỉnh/,
      'commune → province administrator on a commune',
    );
    assertRefused(
      await postFormAs(server.baseUrl, cookie.province, CREATE, form({ role: 'system_admin', unitId: '' })),
      403,
      /Chỉ quản trị hệ thống/,
      'province → system administrator',
    );
    assertRefused(
      await postFormAs(server.baseUrl, cookie.province, CREATE, form({ username: 'hocvien' })),
      409,
      /đã có người dùng/,
      'a taken username',
    );
    assertRefused(
      await postFormAs(server.baseUrl, cookie.province, CREATE, form({ email: 'khong-phai-thu' })),
      400,
      /Thư điện tử không hợp lệ/,
      'bad e-mail',
    );
    assert.equal(await count(), before);
  });
});

describe('an inspector reads and changes nothing', () => {
  let inspector = '';
  let official = '';
  before(async () => {
    const username = slOfficialUsername('SL-PT', 1);
    const answer = await postFormAs(server.baseUrl, cookie.province, GRANT, {
      username,
      role: 'inspector',
      unitId: unitId.SL,
      reason: 'Đoàn kiểm tra của Ban Tổ chức Tỉnh ủy',
    });
    assert.equal(answer.status, 303, answer.body.slice(0, 300));
    inspector = await signInOverHttp(server.baseUrl, username, DEMO_OFFICIAL_PASSWORD);
    const [row] = await db
      .select({ id: officials.id })
      .from(officials)
      .where(eq(officials.staffCode, 'SL-QL-010'))
      .limit(1);
    official = row.id;
  });

  test('the reading pages of the subtree answer; everything else is 404', async () => {
    const year = new Date().getFullYear();
    const reading = [
      '/quan-tri/',
      `/quan-tri/don-vi/${unitId['SL-QL']}/`,
      '/quan-tri/ho-so/',
      '/quan-tri/ho-so/xuat.csv',
      '/quan-tri/chi-tieu/?don-vi=SL',
      '/quan-tri/bao-cao-nam/?don-vi=SL',
      `/quan-tri/bao-cao-nam/SL/${Math.min(Math.max(year, 2025), 2030)}.xlsx`,
    ];
    for (const path of reading) {
      const answer = await getAs(server.baseUrl, inspector, path);
      assert.equal(answer.status, 200, `${path}: ${answer.status}`);
      assert.doesNotMatch(answer.body, /Cao Nguyên/, `${path} names nothing of another province`);
    }
    const elsewhere = [
      `/quan-tri/don-vi/${unitId.CN}/`,
      `/quan-tri/chi-tieu/?don-vi=CN`,
      `/quan-tri/bao-cao-nam/?don-vi=CN`,
      '/quan-tri/vai-tro/',
      '/quan-tri/vai-tro/tai-khoan-moi/',
      `/quan-tri/can-bo/${official}/`,
      '/quan-tri/nhap-can-bo/',
      '/quan-tri/giao-khoa-hoc/',
      '/quan-tri/lop-hoc/',
      '/quan-tri/nhat-ky/',
    ];
    for (const path of elsewhere) assert.equal((await getAs(server.baseUrl, inspector, path)).status, 404, path);
  });

  test('every administrator action refuses the inspector and writes nothing; an administrator’s same request works', async () => {
    const form = {
      officialId: official,
      unitId: unitId['SL-PT'],
      underqualified: 'co',
      jobTitle: 'Công chức Văn phòng - Thống kê',
      jobPosition: 'Văn phòng',
      group: 'cong-chuc-chuyen-mon',
      username: slOfficialUsername('SL-PT', 3),
      role: 'evaluator',
      reason: 'Kiểm tra',
      grantId: '1',
      status: 'khoa',
    };
    const before = await fingerprint();
    const names = administratorActions();
    assert.ok(names.length >= 25, `found ${names.length} actions`);
    for (const name of names) {
      const answer = await postFormAs(server.baseUrl, inspector, `/_actions/${name}`, form);
      assert.ok(answer.status >= 400 && answer.status < 500, `${name}: ${answer.status}`);
    }
    assert.deepEqual(await fingerprint(), before, 'the inspector wrote nothing');

    // The control: the same requests, by the province administrator, go through.
    for (const name of ['admin.setExpertiseFlag', 'admin.moveOfficial', 'roles.grant']) {
      const inspectorAnswer = await postFormAs(server.baseUrl, inspector, `/_actions/${name}`, form);
      assert.equal(inspectorAnswer.status, 404, `${name} (inspector)`);
      const adminAnswer = await postFormAs(server.baseUrl, cookie.province, `/_actions/${name}`, form);
      assert.equal(adminAnswer.status, 200, `${name} (administrator): ${adminAnswer.body.slice(0, 300)}`);
    }
    assert.notDeepEqual(await fingerprint(), before, 'the administrator’s requests wrote');
  });
});

// ---- Helpers --------------------------------------------------------------------------------

/** Every action an administrator (not a learner) uses, as group.name, read from src/actions/. */
function administratorActions(): string[] {
  const LEARNER_ONLY = new Set(['evaluations.feedback']);
  const groups: [string, string][] = [
    ['admin', 'admin.ts'],
    ['roles', 'roles.ts'],
    ['certificates', 'certificates.ts'],
    ['xapi', 'xapi.ts'],
    ['assignments', 'assignments.ts'],
    ['classes', 'classes.ts'],
    ['apiTokens', 'api-tokens.ts'],
    ['evaluations', 'evaluations.ts'],
    ['authoring', 'authoring.ts'],
    ['authoringItems', 'authoring-items.ts'],
  ];
  const names: string[] = [];
  for (const [group, file] of groups) {
    const source = readFileSync(`src/actions/${file}`, 'utf8');
    const listed = new RegExp(`export const ${group} = \\{([^}]*)\\}`).exec(source)?.[1];
    const members = listed?.trim()
      ? listed
          .split(',')
          .map((each) => each.trim())
          .filter(Boolean)
      : [...source.matchAll(/^ {2}(\w+): defineAction\(/gm)].map((match) => match[1]);
    for (const member of members) if (!LEARNER_ONLY.has(`${group}.${member}`)) names.push(`${group}.${member}`);
  }
  return names;
}

/** Row counts of every table but the sign-in bookkeeping (sessions, throttles, locks). */
async function fingerprint(): Promise<Record<string, number>> {
  const tables = await db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%drizzle%'`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (/session|throttle|rate|lease/.test(name)) continue;
    const [row] = await db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM "${name}"`));
    counts[name] = row.n;
  }
  return counts;
}

/** The username of the n-th seeded official of a commune (their staff code, lower case). */
function slOfficialUsername(commune: string, n: number): string {
  return `${commune}-${String(n).padStart(3, '0')}`.toLowerCase();
}

/** A commune of Cao Nguyên and an official's username there. */
function cnCommune(): string {
  return Object.entries(unitId).find(([code]) => code.startsWith('CN-'))![1];
}
function cnOfficialUsername(): string {
  const code = Object.keys(unitId).find((each) => /^CN-[A-Z]+$/.test(each))!;
  return slOfficialUsername(code, 1);
}

describe('an evaluator, an instructor limited to one course, and a province’s content reviewer', () => {
  const LIMITED = 'ky-nang-so-dich-vu-cong';
  const OTHER = 'tiep-cong-dan-khieu-nai-to-cao';

  async function grantAs(who: string, form: Record<string, string>): Promise<void> {
    const answer = await postFormAs(server.baseUrl, cookie[who], GRANT, { reason: 'Phân công', ...form });
    assert.equal(answer.status, 303, `${form.role} for ${form.username}: ${answer.body.slice(0, 300)}`);
  }

  test('an evaluator opens the evaluations of their commune, and no administrator page', async () => {
    const username = slOfficialUsername('SL-QL', 3);
    const learnerCookie = await signInOverHttp(server.baseUrl, username, DEMO_OFFICIAL_PASSWORD);
    assert.equal((await getAs(server.baseUrl, learnerCookie, '/quan-tri/danh-gia/')).status, 404, 'before the grant');
    await grantAs('commune', { username, role: 'evaluator', unitId: unitId['SL-QL'] });
    assert.equal((await getAs(server.baseUrl, learnerCookie, '/quan-tri/danh-gia/')).status, 200, 'after the grant');
    assert.equal((await getAs(server.baseUrl, learnerCookie, '/quan-tri/')).status, 404);
    assert.equal((await getAs(server.baseUrl, learnerCookie, '/quan-tri/vai-tro/')).status, 404);
  });

  test('the limited instructor writes only their course; only their province’s reviewer reviews it', async () => {
    const writer = slOfficialUsername('SL-QL', 4);
    await grantAs('province', { username: writer, role: 'instructor', unitId: unitId.SL, courseSlugs: LIMITED });
    await db.insert(courseStaff).values([
      { courseId: LIMITED, userId: userId[writer] },
      { courseId: OTHER, userId: userId[writer] },
    ]);
    const writerCookie = await signInOverHttp(server.baseUrl, writer, DEMO_OFFICIAL_PASSWORD);
    const refused = await postFormAs(server.baseUrl, writerCookie, '/_actions/authoring.editCourse', { course: OTHER });
    assert.equal(refused.status, 404, 'a course outside the limit');
    const draft = await openDraftOverHttp(server.baseUrl, writerCookie, LIMITED);
    const submitted = await postFormAs(server.baseUrl, writerCookie, '/_actions/authoring.submitDraft', { draft });
    assert.equal(submitted.status, 200, submitted.body.slice(0, 300));

    const slReviewer = slOfficialUsername('SL-QL', 5);
    await grantAs('province', { username: slReviewer, role: 'content_reviewer', unitId: unitId.SL });
    const cnReviewer = cnOfficialUsername();
    await grantAs('system', { username: cnReviewer, role: 'content_reviewer', unitId: unitId.CN });
    const slCookie = await signInOverHttp(server.baseUrl, slReviewer, DEMO_OFFICIAL_PASSWORD);
    const cnCookie = await signInOverHttp(server.baseUrl, cnReviewer, DEMO_OFFICIAL_PASSWORD);

    assert.match(
      (await getAs(server.baseUrl, slCookie, '/giang-vien/')).body,
      new RegExp(`/giang-vien/ban-nhap/${draft}/`),
    );
    assert.doesNotMatch((await getAs(server.baseUrl, cnCookie, '/giang-vien/')).body, new RegExp(draft));
    assert.equal((await getAs(server.baseUrl, cnCookie, `/giang-vien/ban-nhap/${draft}/`)).status, 404);
    const comment = { draft, comment: 'Bổ sung ví dụ ở bài 2.' };
    assert.equal((await postFormAs(server.baseUrl, cnCookie, '/_actions/authoring.returnDraft', comment)).status, 404);
    const returned = await postFormAs(server.baseUrl, slCookie, '/_actions/authoring.returnDraft', comment);
    assert.equal(returned.status, 200, returned.body.slice(0, 300));
    const [row] = await db.select({ status: courseDrafts.status }).from(courseDrafts).where(eq(courseDrafts.id, draft));
    assert.equal(row.status, 'returned');
  });
});
