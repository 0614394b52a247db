/**
 * The officials import against a real libSQL database: the library directly (preview, commit,
 * scope), then the built server over HTTP (authorization, refusals, templates, the job path).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { and, count, eq, inArray, like } from 'drizzle-orm';
import { officialChanges, officialImports, officials, roleGrants, units, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import { commitImport } from '../../src/lib/server/officials-import/commit.ts';
import { ImportError } from '../../src/lib/officials-import/errors.ts';
import { createPreview, discardImport, findImport } from '../../src/lib/server/officials-import/preview.ts';
import { csvField, parseCsv } from '../../src/lib/officials-import/parse-csv.ts';
import { csvFile, officialRow } from '../support/officials-csv.ts';
import { TEMPLATE_COLUMNS } from '../../src/schemas/official-import-row.ts';
import { accountActionProblem } from '../../src/lib/auth/account-rules.ts';

let db: Database;
let server: RunningServer;
const admins: Record<string, SessionUser> = {};

before(async () => {
  // getDb() opens DATABASE_URL on first use: point it at this file's own database.
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  for (const username of ['quantri.quangloi', 'quantri.songlam', 'quantri.phuthinh']) {
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    admins[username] = (await validateSessionToken(await createSession(account.id)))!.user;
  }
  server = await startServer({ DATABASE_URL: process.env.DATABASE_URL });
});
after(async () => {
  await server?.stop();
  db?.$client.close();
});

const countOf = async (table: typeof officials | typeof users | typeof officialChanges) =>
  (await db.select({ n: count() }).from(table))[0].n;

async function snapshot() {
  return { officials: await countOf(officials), users: await countOf(users), changes: await countOf(officialChanges) };
}

async function previewOf(admin: string, rows: string[][], name = 'danh-sach.csv') {
  const id = await createPreview(admins[admin], name, csvFile(rows));
  return (await findImport(admins[admin], id))!;
}

describe('preview and commit', () => {
  test('a preview lists bad rows with their row numbers and writes nothing to officials', async () => {
    const before = await snapshot();

    const record = await previewOf('quantri.quangloi', [
      officialRow('IT-A-1'),
      officialRow('IT-A-2', { group: 'Hợp đồng' }),
      officialRow('IT-A-3'),
    ]);

    assert.equal(record.status, 'preview');
    assert.deepEqual(
      record.problems.map((problem) => problem.row),
      [3],
    );
    assert.match(record.problems[0].reasons[0], /Nhóm "Hợp đồng" không hợp lệ/);
    assert.deepEqual(record.counts, { new: 2, updated: 0, unchanged: 0, bad: 1 });
    assert.deepEqual(await snapshot(), before);
  });

  test('refuses to commit a file with any bad row and changes nothing', async () => {
    const record = await previewOf('quantri.quangloi', [
      officialRow('IT-B-1'),
      officialRow('IT-B-2', { unitCode: '' }),
    ]);
    const before = await snapshot();

    await assert.rejects(
      commitImport(admins['quantri.quangloi'], record.id),
      (error: unknown) => error instanceof ImportError && error.status === 409 && /1 dòng lỗi/.test(error.message),
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('commits new officials, each with a learner account that cannot sign in yet', async () => {
    const record = await previewOf('quantri.quangloi', [
      officialRow('IT-C-1'),
      officialRow('IT-C-2', { underqualified: 'Có', underqualifiedSince: '15/03/2026' }),
    ]);

    const result = await commitImport(admins['quantri.quangloi'], record.id);

    assert.deepEqual(result, { alreadyCommitted: false, counts: { new: 2, updated: 0, unchanged: 0, bad: 0 } });
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'IT-C-2'));
    assert.equal(official.underqualified, true);
    assert.equal(official.underqualifiedSince, '2026-03-15');
    assert.deepEqual(official.fields, ['ky-nang-so']);
    const [account] = await db.select().from(users).where(eq(users.officialId, official.id));
    assert.equal(account.username, 'it-c-2');
    assert.equal(account.passwordHash, '!');
    const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, account.id));
    assert.deepEqual(
      grants.map((grant) => [grant.role, grant.unitId]),
      [['learner', null]],
    );
    assert.equal((await signIn('it-c-2', '!')).ok, false);
  });

  test('records the unit, group and flag of a new official with who and when', async () => {
    const record = await previewOf('quantri.quangloi', [
      officialRow('IT-D-1', { underqualified: 'Có', underqualifiedSince: '01/07/2026' }),
    ]);
    const startedAt = Date.now();

    await commitImport(admins['quantri.quangloi'], record.id);

    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'IT-D-1'));
    const changes = await db.select().from(officialChanges).where(eq(officialChanges.officialId, official.id));
    assert.deepEqual(changes.map((change) => [change.field, change.oldValue, change.newValue]).sort(), [
      ['group', null, 'cong-chuc-chuyen-mon'],
      ['underqualified', null, '2026-07-01'],
      ['unitId', null, official.unitId],
    ]);
    assert.ok(
      changes.every(
        (change) =>
          change.changedBy === admins['quantri.quangloi'].id && change.changedAt.getTime() >= startedAt - 1000,
      ),
    );
  });

  test('committing twice does nothing the second time', async () => {
    const record = await previewOf('quantri.quangloi', [officialRow('IT-E-1')]);
    await commitImport(admins['quantri.quangloi'], record.id);
    const before = await snapshot();

    const again = await commitImport(admins['quantri.quangloi'], record.id);

    assert.equal(again.alreadyCommitted, true);
    assert.deepEqual(await snapshot(), before);
  });

  test('two commits of one preview at the same moment write it once', async () => {
    const record = await previewOf('quantri.quangloi', [officialRow('IT-F-1'), officialRow('IT-F-2')]);

    const results = await Promise.all([
      commitImport(admins['quantri.quangloi'], record.id),
      commitImport(admins['quantri.quangloi'], record.id),
    ]);

    assert.deepEqual(results.map((result) => result.alreadyCommitted).sort(), [false, true]);
    assert.equal((await db.select({ n: count() }).from(officials).where(like(officials.staffCode, 'IT-F-%')))[0].n, 2);
  });

  test('re-importing the same file finds every row unchanged, and its commit changes nothing', async () => {
    const rows = [
      officialRow('IT-G-1'),
      officialRow('IT-G-2', { underqualified: 'Có', underqualifiedSince: '02/01/2026', fields: 'Đất đai; Tài chính' }),
    ];
    await commitImport(admins['quantri.quangloi'], (await previewOf('quantri.quangloi', rows)).id);
    const stamps = await db
      .select({ updatedAt: officials.updatedAt })
      .from(officials)
      .where(like(officials.staffCode, 'IT-G-%'));
    const before = await snapshot();

    const again = await previewOf('quantri.quangloi', rows);
    const result = await commitImport(admins['quantri.quangloi'], again.id);

    assert.deepEqual(again.counts, { new: 0, updated: 0, unchanged: 2, bad: 0 });
    assert.deepEqual(result.counts, { new: 0, updated: 0, unchanged: 2, bad: 0 });
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(
      await db.select({ updatedAt: officials.updatedAt }).from(officials).where(like(officials.staffCode, 'IT-G-%')),
      stamps,
    );
  });

  test('the optional e-mail and national id are stored, shown as changes when edited, and kept when left empty', async () => {
    /** The template's rows with its two optional columns. */
    const withContacts = (rows: [string, string, string][]) => {
      const lines = [
        TEMPLATE_COLUMNS.map((column) => column.header),
        ...rows.map(([code, email, nationalId]) => [...officialRow(code), email, nationalId]),
      ].map((cells) => cells.map((cell) => csvField(cell)).join(','));
      return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
    };
    const admin = admins['quantri.quangloi'];
    const preview = async (rows: [string, string, string][]) =>
      (await findImport(admin, await createPreview(admin, 'lien-he.csv', withContacts(rows))))!;
    const contactsOf = async () =>
      db
        .select({ staffCode: officials.staffCode, email: officials.email, nationalId: officials.nationalId })
        .from(officials)
        .where(like(officials.staffCode, 'IT-Q-%'))
        .orderBy(officials.staffCode);

    const bad = await preview([
      ['IT-Q-1', 'khong-phai-thu', '12345'],
      ['IT-Q-2', '', ''],
    ]);
    assert.deepEqual(
      bad.problems.map((problem) => problem.reasons),
      [
        [
          'Thư điện tử "khong-phai-thu" không hợp lệ (ví dụ: ten.can.bo@xa.gov.vn).',
          'Số định danh cá nhân "12345" phải gồm đúng 12 chữ số.',
        ],
      ],
    );

    await commitImport(
      admin,
      (
        await preview([
          ['IT-Q-1', 'Binh@QuangLoi.gov.vn', '001 234 567 890'],
          ['IT-Q-2', '', ''],
        ])
      ).id,
    );
    assert.deepEqual(await contactsOf(), [
      { staffCode: 'IT-Q-1', email: 'binh@quangloi.gov.vn', nationalId: '001234567890' },
      { staffCode: 'IT-Q-2', email: null, nationalId: null },
    ]);

    const edited = await preview([
      ['IT-Q-1', '', '001234567899'],
      ['IT-Q-2', 'an@quangloi.gov.vn', ''],
    ]);
    assert.deepEqual(edited.counts, { new: 0, updated: 2, unchanged: 0, bad: 0 });
    assert.deepEqual(
      edited.rows.map((row) => row.changes),
      [
        [{ field: 'Số định danh cá nhân', from: '001234567890', to: '001234567899' }],
        [{ field: 'Thư điện tử', from: '—', to: 'an@quangloi.gov.vn' }],
      ],
    );
    await commitImport(admin, edited.id);
    assert.deepEqual(await contactsOf(), [
      { staffCode: 'IT-Q-1', email: 'binh@quangloi.gov.vn', nationalId: '001234567899' },
      { staffCode: 'IT-Q-2', email: 'an@quangloi.gov.vn', nationalId: null },
    ]);
    // A file without the optional columns changes neither.
    const plain = await previewOf('quantri.quangloi', [officialRow('IT-Q-1'), officialRow('IT-Q-2')]);
    assert.deepEqual(plain.counts, { new: 0, updated: 0, unchanged: 2, bad: 0 });
  });

  test('a new e-mail or national id on an account holding a role the administrator could not grant is refused', async () => {
    const admin = admins['quantri.quangloi'];
    const withEmail = (rows: [string, string][]) => {
      const lines = [
        TEMPLATE_COLUMNS.map((column) => column.header),
        ...rows.map(([code, email]) => [...officialRow(code), email, '']),
      ].map((cells) => cells.map((cell) => csvField(cell)).join(','));
      return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
    };
    const preview = async (rows: [string, string][]) =>
      (await findImport(admin, await createPreview(admin, 'thu.csv', withEmail(rows))))!;
    const emailsOf = async () =>
      db
        .select({ staffCode: officials.staffCode, email: officials.email })
        .from(officials)
        .where(like(officials.staffCode, 'IT-SC-%'))
        .orderBy(officials.staffCode);
    await commitImport(
      admin,
      (await previewOf('quantri.quangloi', [officialRow('IT-SC-1'), officialRow('IT-SC-2')])).id,
    );
    const accountOf = async (code: string) =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .innerJoin(officials, eq(officials.id, users.officialId))
          .where(eq(officials.staffCode, code))
      )[0].id;
    const [commune] = await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.code, 'SL-QL'));
    // The province made IT-SC-1 an instructor of the commune: a commune administrator cannot grant that.
    await db.insert(roleGrants).values({ userId: await accountOf('IT-SC-1'), role: 'instructor', unitId: commune.id });
    const reason = `Không thể đổi thư điện tử hay số định danh cá nhân của cán bộ này qua tệp nhập. ${accountActionProblem(
      admin,
      { userId: await accountOf('IT-SC-1'), roles: [{ role: 'instructor', unitPath: commune.path }] },
    )}`;
    assert.match(reason, /Giảng viên/);

    const refused = await preview([
      ['IT-SC-1', 'ke.gian@quangloi.gov.vn'],
      ['IT-SC-2', 'an@quangloi.gov.vn'],
    ]);
    assert.deepEqual(refused.problems, [{ row: 2, staffCode: 'IT-SC-1', reasons: [reason] }]);
    // The control: the same change on a plain official is accepted.
    assert.deepEqual(
      refused.rows.map((row) => [row.staffCode, row.outcome]),
      [['IT-SC-2', 'updated']],
    );
    await assert.rejects(commitImport(admin, refused.id), ImportError);
    assert.deepEqual(await emailsOf(), [
      { staffCode: 'IT-SC-1', email: null },
      { staffCode: 'IT-SC-2', email: null },
    ]);

    // A role granted between the preview and the commit is caught at the commit, nothing written.
    const accepted = await preview([['IT-SC-2', 'an@quangloi.gov.vn']]);
    assert.deepEqual(accepted.problems, []);
    await db.insert(roleGrants).values({ userId: await accountOf('IT-SC-2'), role: 'instructor', unitId: commune.id });
    await assert.rejects(
      commitImport(admin, accepted.id),
      (error: unknown) => error instanceof ImportError && error.status === 409 && /Giảng viên/.test(error.message),
    );
    assert.deepEqual(await emailsOf(), [
      { staffCode: 'IT-SC-1', email: null },
      { staffCode: 'IT-SC-2', email: null },
    ]);
    assert.equal((await findImport(admin, accepted.id))!.status, 'preview');
  });

  test('an edited file updates officials by staff code and records each change of unit, group and flag', async () => {
    await commitImport(
      admins['quantri.quangloi'],
      (await previewOf('quantri.quangloi', [officialRow('IT-H-1'), officialRow('IT-H-2')])).id,
    );
    const [{ id: economyId }] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'SL-QL-KT'));

    const edited = await previewOf('quantri.quangloi', [
      officialRow('it-h-1', {
        unitCode: 'sl-ql-kt',
        group: 'Lãnh đạo, quản lý',
        underqualified: 'Có',
        underqualifiedSince: '01/06/2026',
      }),
      officialRow('IT-H-2'),
    ]);
    const editedAt = Date.now();
    await commitImport(admins['quantri.quangloi'], edited.id);

    assert.deepEqual(edited.counts, { new: 0, updated: 1, unchanged: 1, bad: 0 });
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'IT-H-1'));
    assert.equal(official.unitId, economyId);
    assert.equal(official.group, 'lanh-dao-quan-ly');
    assert.equal(official.underqualifiedSince, '2026-06-01');
    const changes = await db
      .select()
      .from(officialChanges)
      .where(and(eq(officialChanges.officialId, official.id), eq(officialChanges.newValue, economyId)));
    assert.equal(changes.length, 1);
    assert.equal(changes[0].field, 'unitId');
    assert.equal(changes[0].changedBy, admins['quantri.quangloi'].id);
    const recorded = (
      await db.select().from(officialChanges).where(eq(officialChanges.officialId, official.id))
    ).filter((change) => change.changedAt.getTime() >= editedAt);
    assert.deepEqual(recorded.map((change) => [change.field, change.newValue]).sort(), [
      ['group', 'lanh-dao-quan-ly'],
      ['underqualified', '2026-06-01'],
      ['unitId', economyId],
    ]);
  });

  test('shows the preview what will change, before and after, in words', async () => {
    await commitImport(admins['quantri.quangloi'], (await previewOf('quantri.quangloi', [officialRow('IT-I-1')])).id);

    const edited = await previewOf('quantri.quangloi', [
      officialRow('IT-I-1', { fullName: 'Trần Thị Bình An', underqualified: 'Có', underqualifiedSince: '01/06/2026' }),
    ]);

    assert.deepEqual(edited.rows[0].changes, [
      { field: 'Họ và tên', from: 'Trần Thị Bình', to: 'Trần Thị Bình An' },
      { field: 'Chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm', from: 'Không', to: 'Có, từ ngày 01/06/2026' },
    ]);
  });

  test('a new name in the file renames the official and their account', async () => {
    await commitImport(admins['quantri.quangloi'], (await previewOf('quantri.quangloi', [officialRow('IT-T-1')])).id);

    await commitImport(
      admins['quantri.quangloi'],
      (await previewOf('quantri.quangloi', [officialRow('IT-T-1', { fullName: 'Trần Thị Bình Minh' })])).id,
    );

    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'IT-T-1'));
    const [account] = await db.select().from(users).where(eq(users.officialId, official.id));
    assert.equal(official.fullName, 'Trần Thị Bình Minh');
    assert.equal(account.displayName, 'Trần Thị Bình Minh');
  });

  test('a commit is all or nothing: a conflict found while writing leaves no row written', async () => {
    const record = await previewOf('quantri.quangloi', [
      officialRow('IT-J-1'),
      officialRow('IT-J-2'),
      officialRow('IT-J-3'),
    ]);
    // Between preview and commit, somebody takes the sign-in name the third official would get.
    await db
      .insert(users)
      .values({ id: 'it-j-thief', username: 'it-j-3', displayName: 'Người khác', passwordHash: '!' });
    const before = await snapshot();

    await assert.rejects(
      commitImport(admins['quantri.quangloi'], record.id),
      (error: unknown) => error instanceof ImportError && error.status === 409,
    );

    assert.deepEqual(await snapshot(), before);
    assert.equal((await db.select({ n: count() }).from(officials).where(like(officials.staffCode, 'IT-J-%')))[0].n, 0);
    const [stored] = await db
      .select({ status: officialImports.status })
      .from(officialImports)
      .where(eq(officialImports.id, record.id));
    assert.equal(stored.status, 'preview');
  });
});

describe('discarding', () => {
  test('a discarded preview can no longer be committed and nothing is written', async () => {
    const record = await previewOf('quantri.quangloi', [officialRow('IT-S-1')]);

    assert.equal(await discardImport(admins['quantri.quangloi'], record.id), true);

    await assert.rejects(
      commitImport(admins['quantri.quangloi'], record.id),
      (error: unknown) => error instanceof ImportError && error.status === 409 && /đã được hủy/.test(error.message),
    );
    assert.equal((await db.select({ n: count() }).from(officials).where(eq(officials.staffCode, 'IT-S-1')))[0].n, 0);
  });
});

describe('scope', () => {
  test('a unit outside the administrator’s commune is a bad row with the same reason as an unknown unit', async () => {
    const record = await previewOf('quantri.quangloi', [
      officialRow('IT-K-1', { unitCode: 'SL-PT' }),
      officialRow('IT-K-2', { unitCode: 'KHONG-CO' }),
    ]);

    assert.deepEqual(
      record.problems.map((problem) => problem.reasons),
      [
        ['Mã đơn vị SL-PT không có trong phạm vi quản lý của anh/chị.'],
        ['Mã đơn vị KHONG-CO không có trong phạm vi quản lý của anh/chị.'],
      ],
    );
  });

  test('a province administrator may import into any commune of the province', async () => {
    const record = await previewOf('quantri.songlam', [
      officialRow('IT-L-1', { unitCode: 'SL-PT' }),
      officialRow('IT-L-2', { unitCode: 'SL-TH-VX' }),
    ]);

    assert.deepEqual(record.problems, []);
  });

  test('the staff code of an official outside the scope is a bad row, and that official is untouched', async () => {
    const [outside] = await db.select().from(officials).where(eq(officials.staffCode, 'SL-PT-001'));

    const record = await previewOf('quantri.quangloi', [officialRow('SL-PT-001', { unitCode: 'SL-QL' })]);

    assert.match(
      record.problems[0]?.reasons[0] ?? '',
      /Mã cán bộ SL-PT-001 đã được dùng cho một cán bộ ngoài phạm vi quản lý/,
    );
    assert.deepEqual((await db.select().from(officials).where(eq(officials.staffCode, 'SL-PT-001')))[0], outside);
  });

  test('another administrator can neither see nor commit someone else’s preview', async () => {
    const record = await previewOf('quantri.quangloi', [officialRow('IT-M-1')]);

    assert.equal(await findImport(admins['quantri.phuthinh'], record.id), undefined);
    await assert.rejects(
      commitImport(admins['quantri.phuthinh'], record.id),
      (error: unknown) => error instanceof ImportError && error.status === 404,
    );
    assert.equal((await db.select({ n: count() }).from(officials).where(eq(officials.staffCode, 'IT-M-1')))[0].n, 0);
  });
});

/** Signs in over HTTP and returns the session cookie. */
async function cookieFor(username: string, password: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
    body: new URLSearchParams({ username, password }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

/** Posts a file to the upload form as a browser would (page answer) or as its script would (JSON). */
function upload(cookie: string, name: string, bytes: Uint8Array, json = false) {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: server.baseUrl, ...(json ? { Accept: 'application/json' } : {}) },
    body: form,
  });
}

const decodeEntities = (html: string) =>
  html.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

/** Follows a job's progress endpoint until it ends. */
async function waitForJob(
  cookie: string,
  progressUrl: string,
): Promise<{ state: string; redirectTo?: string; error?: { status: number; message: string } }> {
  for (let i = 0; i < 600; i++) {
    const status = await (await fetch(`${server.baseUrl}${progressUrl}`, { headers: { Cookie: cookie } })).json();
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('job did not end');
}

describe('over HTTP', () => {
  let admin: string;
  let learner: string;
  before(async () => {
    admin = await cookieFor('quantri.quangloi', 'quan-tri-xa-2026');
    learner = await cookieFor('hocvien', 'hoc-tap-moi-ngay');
  });

  test('signed out, the import page sends the visitor to sign in and back', async () => {
    const response = await fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/`, { redirect: 'manual' });

    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `/dang-nhap/?next=${encodeURIComponent('/quan-tri/nhap-can-bo/')}`);
  });

  test('a learner gets 404 from the page, the templates, an upload and the progress endpoint', async () => {
    const statuses = await Promise.all([
      fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/`, { headers: { Cookie: learner } }).then((r) => r.status),
      fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/mau.xlsx`, { headers: { Cookie: learner } }).then((r) => r.status),
      fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/mau.csv`, { headers: { Cookie: learner } }).then((r) => r.status),
      upload(learner, 'a.csv', csvFile([officialRow('IT-N-1')])).then((r) => r.status),
      fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/tien-do/abc/`, { headers: { Cookie: learner } }).then(
        (r) => r.status,
      ),
    ]);

    assert.deepEqual(statuses, [404, 404, 404, 404, 404]);
    assert.equal((await db.select({ n: count() }).from(officials).where(eq(officials.staffCode, 'IT-N-1')))[0].n, 0);
  });

  for (const [what, name, bytes, status, message] of [
    [
      'a file that is not a spreadsheet',
      'anh.png',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
      415,
      /Chỉ nhận tệp Excel \(\.xlsx\) hoặc CSV/,
    ],
    [
      'a CSV without the required columns, naming them',
      'thieu.csv',
      new TextEncoder().encode('Mã cán bộ,Họ và tên\nA,B\n'),
      422,
      /thiếu các cột "Mã đơn vị", "Chức danh"/,
    ],
    [
      'a workbook that cannot be read',
      'hong.xlsx',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 9, 9]),
      422,
      /Không đọc được tệp Excel/,
    ],
    ['a file over 10 MB', 'lon.csv', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41), 413, /lớn hơn 10 MB/],
  ] as const) {
    test(`refuses ${what} with ${status} and a Vietnamese message, on the page and to the script`, async () => {
      const page = await upload(admin, name, bytes);
      const json = await upload(admin, name, bytes, true);

      assert.equal(page.status, status);
      assert.match(decodeEntities(await page.text()), message);
      // The script hears at once what the request shows, and the rest from the job.
      const answer = await json.json();
      const refusal =
        json.status === 202
          ? (await waitForJob(admin, answer.progress)).error!
          : { status: json.status, message: answer.error };
      assert.equal(refusal.status, status);
      assert.match(refusal.message, message);
    });
  }

  test('a plain form upload goes to the preview page, which lists the bad rows with their numbers', async () => {
    const response = await upload(
      admin,
      'loi.csv',
      csvFile([officialRow('IT-O-1'), officialRow('IT-O-2', { unitCode: 'CN-EA' })]),
    );

    assert.equal(response.status, 303);
    const preview = await fetch(`${server.baseUrl}${response.headers.get('location')}`, { headers: { Cookie: admin } });
    const html = await preview.text();
    assert.match(html, /Chưa nhập được: tệp có 1 dòng lỗi/);
    assert.match(html, /<td class="number"[^>]*>3<\/td>\s*<td[^>]*>IT-O-2<\/td>/);
    assert.match(html, /Mã đơn vị CN-EA không có trong phạm vi quản lý/);
    assert.doesNotMatch(html, /Xác nhận nhập<\/button>/);
  });

  test('the list of bad rows downloads as CSV with every row number and reason', async () => {
    const response = await upload(
      admin,
      'loi.csv',
      csvFile([officialRow('IT-R-1', { group: '' }), officialRow('IT-R-2'), officialRow('=IT-R-3')]),
    );

    const download = await fetch(`${server.baseUrl}${response.headers.get('location')}loi.csv`, {
      headers: { Cookie: admin },
    });
    const [header, first, second] = parseCsv(await download.text()).records.map((record) => record.cells);

    assert.deepEqual(header, ['Dòng', 'Mã cán bộ', 'Lý do']);
    assert.deepEqual(first.slice(0, 2), ['2', 'IT-R-1']);
    assert.match(first[2], /^Thiếu nhóm\./);
    assert.deepEqual(second.slice(0, 2), ['4', "'=IT-R-3"], 'a formula-like code is defused for Excel');
  });

  test('the script’s path: 202 with a job, progress until done, then commit the same way', async () => {
    const accepted = await upload(admin, 'dung.csv', csvFile([officialRow('IT-P-1')]), true);
    assert.equal(accepted.status, 202);
    const previewJob = await waitForJob(admin, (await accepted.json()).progress);
    assert.equal(previewJob.state, 'done');

    const commit = await fetch(`${server.baseUrl}${previewJob.redirectTo}`, {
      method: 'POST',
      headers: { Cookie: admin, Origin: server.baseUrl, Accept: 'application/json' },
      body: new URLSearchParams({ intent: 'commit' }),
    });
    const commitJob = await waitForJob(admin, (await commit.json()).progress);

    assert.equal(commitJob.state, 'done');
    assert.equal((await db.select({ n: count() }).from(officials).where(eq(officials.staffCode, 'IT-P-1')))[0].n, 1);
  });

  test('another administrator gets 404 for someone else’s preview and its progress', async () => {
    const other = await cookieFor('quantri.phuthinh', 'quan-tri-xa-2026');
    const accepted = await upload(admin, 'rieng.csv', csvFile([officialRow('IT-Q-1')]), true);
    const { progress } = await accepted.json();
    const job = await waitForJob(admin, progress);

    assert.equal((await fetch(`${server.baseUrl}${progress}`, { headers: { Cookie: other } })).status, 404);
    assert.equal((await fetch(`${server.baseUrl}${job.redirectTo}`, { headers: { Cookie: other } })).status, 404);
    const commit = await fetch(`${server.baseUrl}${job.redirectTo}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: other, Origin: server.baseUrl },
      body: new URLSearchParams({ intent: 'commit' }),
    });
    assert.equal(commit.status, 404);
  });

  test('the CSV template is UTF-8 with a byte order mark and the Vietnamese headers', async () => {
    const response = await fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/mau.csv`, { headers: { Cookie: admin } });
    const bytes = new Uint8Array(await response.arrayBuffer());

    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(
      new TextDecoder().decode(bytes.slice(3)).split('\r\n')[0],
      TEMPLATE_COLUMNS.map((column) => column.header).join(','),
    );
  });

  test('the XLSX template lists exactly the unit codes of the administrator’s scope', async () => {
    const response = await fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/mau.xlsx`, { headers: { Cookie: admin } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());

    const codes: string[] = [];
    workbook
      .getWorksheet('Danh mục')!
      .getColumn(1)
      .eachCell((cell, row) => {
        if (row > 1 && cell.value !== null) codes.push(String(cell.value));
      });
    assert.deepEqual(codes.sort(), ['SL-QL', 'SL-QL-HCC', 'SL-QL-KT', 'SL-QL-VP', 'SL-QL-VX']);
    assert.deepEqual(
      (workbook.getWorksheet('Danh sách cán bộ')!.getRow(1).values as unknown[]).slice(1),
      TEMPLATE_COLUMNS.map((column) => column.header),
    );
  });

  test('the list of current officials, downloaded and uploaded back unchanged, changes nothing', async () => {
    const download = await fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/mau.xlsx?du-lieu=hien-co`, {
      headers: { Cookie: admin },
    });
    const bytes = new Uint8Array(await download.arrayBuffer());
    const inScope = await db
      .select({ n: count() })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(inArray(units.code, ['SL-QL', 'SL-QL-HCC', 'SL-QL-KT', 'SL-QL-VP', 'SL-QL-VX']));

    const response = await upload(admin, 'hien-co.xlsx', bytes);
    const html = await (
      await fetch(`${server.baseUrl}${response.headers.get('location')}`, { headers: { Cookie: admin } })
    ).text();

    assert.equal(response.status, 303);
    assert.match(html, new RegExp(`data-count="unchanged"[^>]*>${inScope[0].n}<`));
    assert.match(html, /data-count="updated"[^>]*>0</);
    assert.match(html, /data-count="bad"[^>]*>0</);
  });
});
