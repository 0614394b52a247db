/**
 * Activation codes and letters (issue 16) on the built server: letters for a commune as PDF (text
 * read back with pdf.js, QR code rendered in Chromium and decoded with jsQR) and XLSX (read back
 * with exceljs); activation through /kich-hoat/ landing signed in on Việc học của tôi; the abuse
 * cases (reuse, expiry, guessing until 429 with its controls, re-issue invalidating the old code,
 * codes only hashed in the database file); scope (404 outside it); bad forms (4xx, Vietnamese,
 * nothing written); and Chromium with axe on both pages.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { BrowserContext } from 'playwright-core';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { activationCodes, auditLog, officials, rateLimitBuckets, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { hashActivationCode, normaliseActivationCode } from '../../src/lib/accounts/activation-code.ts';
import { openTestDatabase } from '../support/database.ts';
import { useSite } from '../support/site.ts';
import { PHONE } from '../support/browser.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { officialsWithAccountsUnder, sessionCookieOf } from '../support/builders/org.ts';
import { unitOf } from '../support/api-token-fixtures.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { qrCodeOnRenderedPdf } from '../support/pdf-qr.ts';

// Low limits so that guessing reaches them in a few requests (defaults: 10 per staff code, 60 per
// address an hour), and at most 20 letters a file (default 5,000): Xã Quảng Lợi has 24 officials.
const site = useSite({
  ACTIVATION_TRIES_PER_STAFF_CODE_PER_HOUR: '5',
  ACTIVATION_TRIES_PER_ADDRESS_PER_HOUR: '12',
  ACTIVATION_LETTERS_PER_FILE: '20',
});
const CODE_PATTERN = /\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}\b/g;
const REFUSED = 'Mã kích hoạt không đúng, đã dùng hoặc đã hết hạn';
const NEW_PASSWORD = 'ruong-lua-ven-song-2026';

let db: Database;
let admin: string;
let communeId: string;
let otherCommuneId: string;
/** Accounts of SL-QL made "never activated" (no usable password), by staff code. */
let fresh: { officialId: string; staffCode: string; userId: string }[] = [];
/** Codes from the first PDF, by staff code. */
const letterCodes = new Map<string, string>();
let firstPdf: Uint8Array;

/** POSTs the activation form as a signed-out browser would. */
async function activate(form: Record<string, string>) {
  const response = await fetch(`${site.baseUrl}/kich-hoat/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: site.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** POSTs the letters form as the commune administrator; the raw response. */
function lettersResponse(form: Record<string, string>, cookie = admin): Promise<Response> {
  return fetch(`${site.baseUrl}/quan-tri/thu-kich-hoat/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: site.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

async function pdfPagesText(pdf: Uint8Array): Promise<string[]> {
  const document = await pdfjs.getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .normalize('NFC'),
    );
  }
  return pages;
}

/** The QR code on page `number` of a PDF, as a phone would read it (tests/support/pdf-qr.ts). */
async function qrCodeOnPage(context: BrowserContext, pdf: Uint8Array, number: number): Promise<string | null> {
  return (await qrCodeOnRenderedPdf(context, pdf, number)).decoded;
}

/** The activation_codes rows of an account. */
function codesOf(userId: string) {
  return db.select().from(activationCodes).where(eq(activationCodes.userId, userId));
}

/** Re-issues an official's code from their page, as their administrator does; the code the page shows once. */
async function reissue(officialId: string): Promise<string> {
  const reissued = await postFormAs(
    site.baseUrl,
    admin,
    `/quan-tri/can-bo/${officialId}/?_action=activation.reissueActivationCode`,
    { officialId },
  );
  const flash = (reissued.headers.get('set-cookie') ?? '').match(/hls_ma_kich_hoat=[^;]+/)?.[0];
  const page = await getAs(site.baseUrl, `${admin}; ${flash}`, `/quan-tri/can-bo/${officialId}/?da-luu=ma-kich-hoat`);
  return page.body.match(CODE_PATTERN)?.[0] ?? '';
}

/** Forgets every activation try counted so far (each test starts with full buckets). */
async function resetBuckets(): Promise<void> {
  await db.delete(rateLimitBuckets).where(like(rateLimitBuckets.scope, 'activation-%'));
}

describe('activation codes and letters', () => {
  before(async () => {
    process.env.DATABASE_URL = site.databaseUrl;
    db = openTestDatabase(site.databaseUrl);
    admin = await sessionCookieOf(db, 'quantri.quangloi');
    const commune = await unitOf(db, 'SL-QL');
    communeId = commune.id;
    otherCommuneId = (await unitOf(db, 'SL-PT')).id;
    // Four learners of the commune as the officials import leaves them: an account without a password.
    const learners = await db
      .select({ officialId: officials.id, staffCode: officials.staffCode, userId: users.id })
      .from(officials)
      .innerJoin(users, eq(users.officialId, officials.id))
      .where(
        and(
          inArray(
            officials.id,
            (await officialsWithAccountsUnder(db, commune)).map((each) => each.officialId),
          ),
          eq(users.username, sql`lower(${officials.staffCode})`),
          sql`not exists (select 1 from role_grants g where g.user_id = ${users.id} and g.role <> 'learner')`,
        ),
      )
      .orderBy(officials.staffCode)
      .limit(4);
    fresh = learners;
    await db
      .update(users)
      .set({ passwordHash: '!' })
      .where(
        inArray(
          users.id,
          fresh.map((each) => each.userId),
        ),
      );
  });

  after(() => db?.$client.close());

  describe('activation letters', () => {
    test('PDF: one A4 page per official not yet activated, with name, staff code, code and expiry; a download, never cached', async () => {
      const response = await lettersResponse({ unitId: communeId, filter: 'chua-kich-hoat', format: 'pdf' });
      firstPdf = new Uint8Array(await response.arrayBuffer());
      const pages = await pdfPagesText(firstPdf);

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/pdf');
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="thu-kich-hoat-SL-QL-/);
      assert.match(response.headers.get('cache-control') ?? '', /no-store/);
      assert.equal(pages.length, fresh.length, 'one page per account without a password, no more');
      for (const [index, official] of fresh.entries()) {
        const [row] = await db.select().from(officials).where(eq(officials.id, official.officialId));
        const text = pages[index];
        assert.ok(text.includes(row.fullName.normalize('NFC')), `${row.fullName} not on page ${index + 1}: ${text}`);
        assert.ok(text.includes(official.staffCode), text);
        assert.ok(text.includes('Mã kích hoạt (chỉ dùng một lần)'), text);
        assert.match(text, /Mã có hiệu lực đến \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
        const codes = text.match(CODE_PATTERN) ?? [];
        assert.equal(codes.length, 1, text);
        letterCodes.set(official.staffCode, codes[0]);
      }
    });

    test('the QR code of a letter opens /kich-hoat/ with that staff code and code', async () => {
      const context = await site.browser.newContext();
      const decoded = await qrCodeOnPage(context, firstPdf, 2);
      await context.close();
      const staffCode = fresh[1].staffCode;

      assert.equal(
        decoded,
        `${site.baseUrl}/kich-hoat/?tk=${encodeURIComponent(staffCode)}&ma=${letterCodes.get(staffCode)}`,
      );
    });

    test('codes are stored only hashed: no code in the database file, one live row per account, audited without codes', async () => {
      const file = readFileSync(fileURLToPath(site.databaseUrl.replace(/^file:/, 'file://')));
      const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'issue-activation-codes'));
      const live = await db
        .select()
        .from(activationCodes)
        .where(and(isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt)));

      assert.equal(letterCodes.size, fresh.length);
      for (const code of letterCodes.values()) {
        const bare = normaliseActivationCode(code)!;
        assert.equal(file.includes(bare), false, `${bare} in the database file`);
        assert.equal(file.includes(code), false, `${code} in the database file`);
        // The control: the hash is what is there, so the search above looks at the right bytes.
        assert.ok(live.some((row) => row.codeHash === hashActivationCode(bare)));
      }
      assert.equal(live.length, fresh.length);
      assert.equal(new Set(live.map((row) => row.batchId)).size, 1);
      assert.equal(audit.unitId, communeId);
      assert.deepEqual((audit.details as { count: number }).count, fresh.length);
      assert.doesNotMatch(JSON.stringify(audit), CODE_PATTERN);
    });

    test('XLSX: one row per official with unit, name, staff code, code, expiry and activation address', async () => {
      const response = await lettersResponse({ unitId: communeId, filter: 'chua-kich-hoat', format: 'xlsx' });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const rows = sheet.getSheetValues().slice(2) as unknown[][];

      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment; .*\.xlsx"/);
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [
        'Đơn vị',
        'Họ và tên',
        'Mã cán bộ',
        'Mã kích hoạt',
        'Hiệu lực đến',
        'Địa chỉ kích hoạt',
      ]);
      assert.equal(rows.length, fresh.length);
      for (const row of rows) {
        const [, unit, , staffCode, code, expiry, url] = row as string[];
        assert.equal(unit, 'Xã Quảng Lợi');
        assert.match(code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
        assert.match(expiry, /^\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);
        assert.equal(url, `${site.baseUrl}/kich-hoat/?tk=${encodeURIComponent(staffCode)}&ma=${code}`);
        // Printing again issued new codes: the XLSX's differ from the PDF's.
        assert.notEqual(code, letterCodes.get(staffCode));
        letterCodes.set(staffCode, code);
      }
    });

    test('a unit outside the administrator’s scope answers 404 and issues nothing', async () => {
      const before = (await db.select().from(activationCodes)).length;
      const response = await lettersResponse({ unitId: otherCommuneId, filter: 'tat-ca', format: 'pdf' });
      const after = (await db.select().from(activationCodes)).length;

      assert.equal(response.status, 404);
      assert.equal(after, before);
    });

    test('more officials than one file holds: a 400 saying to choose a smaller unit, nothing issued', async () => {
      const before = (await db.select().from(activationCodes)).length;
      const response = await lettersResponse({ unitId: communeId, filter: 'tat-ca', format: 'pdf' });
      const body = await response.text();

      assert.equal(response.status, 400);
      assert.match(body, /Đơn vị này có 24 cán bộ cần thư, quá 20 thư của một lần tạo\./);
      assert.equal((await db.select().from(activationCodes)).length, before);
    });

    test('a bad form is a 400 with a Vietnamese message and issues nothing', async () => {
      const before = (await db.select().from(activationCodes)).length;
      const response = await lettersResponse({ unitId: communeId, filter: 'chua-kich-hoat', format: 'docx' });
      const body = await response.text();

      assert.equal(response.status, 400);
      assert.match(body, /Hãy chọn định dạng PDF hoặc Excel\./);
      assert.equal((await db.select().from(activationCodes)).length, before);
    });
  });

  describe('activating an account with a code', () => {
    test('the code typed loosely (lower case, spaces) sets the password and lands signed in on Việc học của tôi', async () => {
      await resetBuckets();
      const official = fresh[0];
      const typed = letterCodes.get(official.staffCode)!.toLowerCase().replaceAll('-', ' ');
      const answer = await activate({
        staffCode: ` ${official.staffCode.toLowerCase()} `,
        code: typed,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0];
      const landing = await getAs(site.baseUrl, cookie, '/viec-hoc-cua-toi/');
      const [account] = await db.select().from(users).where(eq(users.id, official.userId));
      const [code] = await codesOf(official.userId).then((rows) => rows.filter((row) => !row.revokedAt));

      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), '/viec-hoc-cua-toi/');
      assert.equal(landing.status, 200);
      assert.match(landing.body, /<h1[^>]*>Việc học của tôi<\/h1>/);
      assert.match(account.passwordHash, /^\$argon2/);
      assert.equal(account.mustChangePassword, false);
      assert.ok(code.usedAt);
    });

    test('the page a QR code opens (the code in its URL) is never cached and sends no path as Referer', async () => {
      const page = await getAs(site.baseUrl, undefined, '/kich-hoat/?tk=SL-QL-001&ma=AAAA-BBBB-CCCC');

      assert.equal(page.status, 200);
      assert.match(page.headers.get('cache-control') ?? '', /no-store/);
      assert.equal(page.headers.get('referrer-policy'), 'strict-origin');
      assert.match(page.body, /value="AAAA-BBBB-CCCC"/);
    });

    test('reuse: the same code a second time is refused with the one message', async () => {
      const official = fresh[0];
      const answer = await activate({
        staffCode: official.staffCode,
        code: letterCodes.get(official.staffCode)!,
        newPassword: 'mot-mat-khau-khac-hon',
        confirmPassword: 'mot-mat-khau-khac-hon',
      });

      assert.equal(answer.status, 400);
      assert.ok(answer.body.includes(REFUSED));
    });

    test('expiry: a code past its expiresAt is refused; the control, the same code back in date, works', async () => {
      await resetBuckets();
      const official = fresh[1];
      const code = letterCodes.get(official.staffCode)!;
      const form = { staffCode: official.staffCode, code, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
      const live = and(eq(activationCodes.userId, official.userId), isNull(activationCodes.revokedAt));
      await db
        .update(activationCodes)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(live);
      const expired = await activate(form);
      await db
        .update(activationCodes)
        .set({ expiresAt: new Date(Date.now() + 3_600_000) })
        .where(live);
      const inDate = await activate(form);

      assert.equal(expired.status, 400);
      assert.ok(expired.body.includes(REFUSED));
      assert.equal(inDate.status, 303);
    });

    test('a locked account is refused even with its right code', async () => {
      await resetBuckets();
      const official = fresh[2];
      await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, official.userId));
      const answer = await activate({
        staffCode: official.staffCode,
        code: letterCodes.get(official.staffCode)!,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      await db.update(users).set({ disabledAt: null }).where(eq(users.id, official.userId));

      assert.equal(answer.status, 403);
      assert.match(answer.body, /đang bị khóa/);
      assert.equal((await codesOf(official.userId)).filter((row) => row.usedAt).length, 0);
    });

    test('a bad form (passwords that differ, a short password) is a 400 in Vietnamese and uses nothing', async () => {
      await resetBuckets();
      const official = fresh[2];
      const code = letterCodes.get(official.staffCode)!;
      const differ = await activate({
        staffCode: official.staffCode,
        code,
        newPassword: NEW_PASSWORD,
        confirmPassword: 'khac',
      });
      const short = await activate({
        staffCode: official.staffCode,
        code,
        newPassword: 'ngan',
        confirmPassword: 'ngan',
      });
      const [account] = await db.select().from(users).where(eq(users.id, official.userId));

      assert.equal(differ.status, 400);
      assert.match(differ.body, /Hai lần nhập mật khẩu mới không khớp nhau\./);
      assert.equal(short.status, 400);
      assert.match(short.body, /Mật khẩu cần ít nhất 8 ký tự\./);
      assert.equal(account.passwordHash, '!');
      assert.equal((await codesOf(official.userId)).filter((row) => row.usedAt).length, 0);
    });

    test('guessing: after 5 wrong codes for one staff code the answer is 429; a right code still works for another account and, after the window, for this one', async () => {
      await resetBuckets();
      const target = fresh[2];
      const other = fresh[3];
      const guess = (code: string, staffCode = target.staffCode) =>
        activate({ staffCode, code, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await guess(`AAAA-BBBB-CC${'23456'[i]}${'789AB'[i]}`)).status);
      const limited = await guess(letterCodes.get(target.staffCode)!);
      const otherAccount = await guess(letterCodes.get(other.staffCode)!, other.staffCode);
      // The window has passed: the staff code's bucket was last touched an hour ago.
      await db
        .update(rateLimitBuckets)
        .set({ updatedAt: Date.now() - 3_600_000 })
        .where(eq(rateLimitBuckets.scope, 'activation-staff-code'));
      const afterWindow = await guess(letterCodes.get(target.staffCode)!);

      assert.deepEqual(statuses, [400, 400, 400, 400, 400]);
      assert.equal(limited.status, 429);
      assert.match(limited.body, /Đã nhập mã kích hoạt sai quá nhiều lần/);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal(otherAccount.status, 303);
      assert.equal(afterWindow.status, 303);
    });

    test('guessing over many staff codes from one address: 429 once the address’s tries are used up', async () => {
      await resetBuckets();
      const statuses: number[] = [];
      for (let i = 0; i < 13; i++)
        statuses.push(
          (
            await activate({
              staffCode: `SL-QL-${900 + i}`,
              code: 'AAAA-BBBB-CCCC',
              newPassword: NEW_PASSWORD,
              confirmPassword: NEW_PASSWORD,
            })
          ).status,
        );

      assert.deepEqual(statuses, [...Array(12).fill(400), 429]);
      await resetBuckets();
    });
  });

  describe('re-issuing one official’s code from their page', () => {
    test('shows the new code once, its one-letter PDF works, and the old code no longer does', async () => {
      await resetBuckets();
      const official = fresh[3];
      // fresh[3] activated in the guessing test; a code now works as a password reset.
      const reissued = await postFormAs(
        site.baseUrl,
        admin,
        `/quan-tri/can-bo/${official.officialId}/?_action=activation.reissueActivationCode`,
        { officialId: official.officialId },
      );
      const flash = (reissued.headers.get('set-cookie') ?? '').match(/hls_ma_kich_hoat=[^;]+/)?.[0];
      const page = await getAs(
        site.baseUrl,
        `${admin}; ${flash}`,
        `/quan-tri/can-bo/${official.officialId}/?da-luu=ma-kich-hoat`,
      );
      const again = await getAs(site.baseUrl, admin, `/quan-tri/can-bo/${official.officialId}/?da-luu=ma-kich-hoat`);
      const newCode = page.body.match(CODE_PATTERN)?.[0];
      const oldCode = letterCodes.get(official.staffCode)!;
      const letter = await postFormAs(
        site.baseUrl,
        admin,
        `/quan-tri/can-bo/${official.officialId}/thu-kich-hoat.pdf`,
        {
          code: newCode ?? '',
        },
      );
      const oldLetter = await postFormAs(
        site.baseUrl,
        admin,
        `/quan-tri/can-bo/${official.officialId}/thu-kich-hoat.pdf`,
        {
          code: oldCode,
        },
      );
      const form = {
        staffCode: official.staffCode,
        newPassword: 'mat-khau-dat-lai-2026',
        confirmPassword: 'mat-khau-dat-lai-2026',
      };
      const withOld = await activate({ ...form, code: oldCode });
      const withNew = await activate({ ...form, code: newCode ?? '' });

      assert.equal(reissued.status, 303);
      assert.ok(flash, 'the code travels in the flash cookie');
      assert.ok(newCode, 'the page shows the new code');
      assert.notEqual(newCode, oldCode);
      assert.doesNotMatch(again.body, CODE_PATTERN, 'shown once: not on the next visit');
      assert.equal(letter.status, 200);
      assert.equal(letter.headers.get('content-type'), 'application/pdf');
      assert.equal(oldLetter.status, 404);
      assert.equal(withOld.status, 400);
      assert.ok(withOld.body.includes(REFUSED));
      assert.equal(withNew.status, 303);
      const [entry] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'issue-activation-codes'), eq(auditLog.target, official.staffCode)));
      const [row] = await db.select().from(officials).where(eq(officials.id, official.officialId));
      assert.equal(entry.unitId, row.unitId, 'a single re-issue is audited on the official’s unit');
      assert.doesNotMatch(JSON.stringify(entry), CODE_PATTERN);
    });

    test('a role granted after a code was issued ends the code: the commune’s administrator cannot open an instructor’s account', async () => {
      await resetBuckets();
      const official = fresh[1];
      const code = await reissue(official.officialId);
      const province = await sessionCookieOf(db, 'quantri.songlam');
      const granted = await postFormAs(site.baseUrl, province, '/quan-tri/vai-tro/?_action=roles.grant', {
        username: official.staffCode,
        role: 'instructor',
        unitId: (await unitOf(db, 'SL')).id,
        reason: 'Giảng viên kiêm nhiệm của tỉnh',
      });
      const form = { staffCode: official.staffCode, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
      const withCode = await activate({ ...form, code });

      assert.ok(code, 'the page showed a code');
      assert.equal(granted.status, 303, 'the grant is made');
      assert.ok((await codesOf(official.userId)).every((row) => row.revokedAt !== null || row.usedAt !== null));
      assert.equal(withCode.status, 400);
      assert.ok(withCode.body.includes(REFUSED));
      // The control: re-issuing is now beyond the commune's administrator (403), not silently allowed.
      const again = await postFormAs(
        site.baseUrl,
        admin,
        `/quan-tri/can-bo/${official.officialId}/?_action=activation.reissueActivationCode`,
        { officialId: official.officialId },
      );
      assert.notEqual(again.status, 303);
    });

    test('an official outside the administrator’s scope: 404, nothing issued', async () => {
      const [outside] = await officialsWithAccountsUnder(db, await unitOf(db, 'SL-PT'));
      const before = (await codesOf(outside.userId)).length;
      const answer = await postFormAs(
        site.baseUrl,
        admin,
        `/quan-tri/can-bo/${outside.officialId}/?_action=activation.reissueActivationCode`,
        { officialId: outside.officialId },
      );

      assert.equal(answer.status, 404);
      assert.equal((await codesOf(outside.userId)).length, before);
    });
  });

  describe('in Chromium', () => {
    test('/kich-hoat/ from a letter’s QR: fields filled in, the code taken off the address bar, axe passing, and the form lands on Việc học của tôi', async () => {
      await resetBuckets();
      // A fresh letter for one official, through the letters page's POST.
      const official = fresh[2];
      const code = await reissue(official.officialId);
      const context = await site.browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${site.baseUrl}/kich-hoat/?tk=${encodeURIComponent(official.staffCode)}&ma=${code}`);
      const prefilled = [
        await page.getByLabel('Mã cán bộ').inputValue(),
        await page.getByLabel('Mã kích hoạt').inputValue(),
      ];
      const addressBar = page.url();
      const violations = await seriousViolations(page);
      await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Kích hoạt tài khoản' }).click();
      await page.waitForURL('**/viec-hoc-cua-toi/');
      const heading = await page.getByRole('heading', { level: 1 }).textContent();
      await context.close();

      assert.deepEqual(prefilled, [official.staffCode, code]);
      assert.equal(addressBar, `${site.baseUrl}/kich-hoat/`);
      assert.deepEqual(violations, []);
      assert.equal(heading?.trim(), 'Việc học của tôi');
    });

    test('/quan-tri/thu-kich-hoat/: labelled controls, axe passing, and the button downloads the letters', async () => {
      // Accounts without a password again, so that "Chưa kích hoạt" has letters to make.
      await db
        .update(users)
        .set({ passwordHash: '!' })
        .where(
          inArray(
            users.id,
            fresh.map((each) => each.userId),
          ),
        );
      const context = await site.browser.newContext({ viewport: PHONE });
      const [name, value] = admin.split('=');
      await context.addCookies([{ name, value, url: site.baseUrl }]);
      const page = await context.newPage();
      await page.goto(`${site.baseUrl}/quan-tri/thu-kich-hoat/`);
      const violations = await seriousViolations(page);
      await page.getByLabel('Đơn vị').selectOption({ label: 'Xã Quảng Lợi' });
      await page.getByLabel('Cán bộ').selectOption({ label: 'Chưa kích hoạt tài khoản' });
      await page.getByLabel('Định dạng').selectOption({ label: 'PDF (thư in A4)' });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tạo thư kích hoạt' }).click(),
      ]);
      const warning = await page.getByText('Tạo thư là cấp mã mới.').count();
      await context.close();

      assert.deepEqual(violations, []);
      assert.match(download.suggestedFilename(), /^thu-kich-hoat-SL-QL-\d{4}-\d{2}-\d{2}\.pdf$/);
      assert.equal(warning, 1);
    });
  });
});
