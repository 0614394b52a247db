/**
 * The Decision 700 dashboard in a real browser on a phone: a province administrator opens it,
 * sees the four indicators within the period and cumulative since 2026 with the province's
 * targets and their source, drills down to a commune and to the officials behind a number, and
 * sets the province's targets on their own screen (a bad figure refused in Vietnamese, a good one
 * saved, audited and shown); every page passes axe; an administrator of another province gets 404.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';

const site = useSite();
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;
const contexts: BrowserContext[] = [];
after(async () => {
  for (const context of contexts) await context.close();
});

async function administrator(username: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  contexts.push(context);
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return page;
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], what);
  assert.equal(await sidewaysOverflow(page), 0, `${what} scrolls sideways at 360 px`);
}

describe('Decision 700 dashboard', () => {
  let page: Page;

  before(async () => {
    // One general-management class completed in Quảng Lợi in June 2026, so a number is not zero
    // (the demo's online courses are samples: they never count).
    const db = openTestDatabase(site.databaseUrl);
    await db.$client
      .execute(`INSERT INTO training_classes (id, unit_id, kind, content, method, starts_on, ends_on, hours, place, organiser, funding)
      SELECT 'lop-qlnn-e2e', id, 'kien-thuc-chung-qlnn', 'Kiến thức chung về QLNN', 'truc-tiep', '2026-06-01', '2026-06-12', 80, 'Hội trường', 'Sở Nội vụ', 'ns-tinh'
      FROM units WHERE code = 'SL-QL'`);
    await db.$client.execute(`INSERT INTO class_attendances (class_id, official_id, result)
      SELECT 'lop-qlnn-e2e', o.id, 'hoan-thanh' FROM officials o WHERE o."group" = 'cong-chuc-chuyen-mon' AND o.staff_code LIKE 'SL-QL-%' LIMIT 1`);
    // A sample course completed by another professional: must not count.
    await db.$client
      .execute(`INSERT INTO course_completions (user_id, course_id, official_id, unit_id, completed_at, score_percent, course_version)
      SELECT u.id, 'van-hanh-chinh-quyen-dia-phuong-2-cap', o.id, o.unit_id, ${Date.parse('2026-06-15T10:00:00+07:00')}, 88, 'v1'
      FROM officials o JOIN users u ON u.official_id = o.id WHERE o."group" = 'cong-chuc-chuyen-mon' AND o.staff_code LIKE 'SL-QL-%'
      ORDER BY o.staff_code DESC LIMIT 1`);
    db.$client.close();
  });

  test('a province administrator sees the province indicators with their definitions', async () => {
    page = await administrator('quantri.songlam');

    await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/?ky=2026-2028`);

    assert.match(
      (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
      /Chỉ tiêu Đề án 700: Tỉnh Sông Lam/,
    );
    assert.ok(await page.getByText('Tử số', { exact: true }).first().isVisible());
    assert.ok(
      await page.getByRole('region', { name: /chức danh lãnh đạo, quản lý/ }).isVisible(),
      "the leaders' indicator",
    );
    assert.ok(
      await page
        .getByText(/Kế hoạch số 219\/KH-UBND ngày 09\/6\/2026 của UBND phường Phù Liễn/)
        .first()
        .isVisible(),
    );
    assert.equal(await page.locator('svg[role="img"]').count(), 2);
    await expectAccessible(page, 'province dashboard');
  });

  test('drills down to a commune from the table of sub-units', async () => {
    await page
      .getByRole('table', { name: /đơn vị trực thuộc/ })
      .getByRole('link', { name: 'Xã Quảng Lợi' })
      .click();

    await page.waitForURL(/don-vi=SL-QL/);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Xã Quảng Lợi/);
    await expectAccessible(page, 'commune dashboard');
  });

  test('opens the list of officials behind the general-management numerator', async () => {
    const card = page.getByRole('region', { name: /Công chức chuyên môn được bồi dưỡng kiến thức chung/ });
    await card.getByRole('link').first().click();

    await page.waitForURL(/chi-tieu\/can-bo\//);
    const rows = page.getByRole('table').locator('tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /SL-QL-/);
    await expectAccessible(page, 'officials behind the number');
  });

  test('a later period shows its own figures beside the cumulative ones since 2026, with the targets and their source', async () => {
    await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/?don-vi=SL-QL&ky=2027`);

    const table = page.getByRole('table', { name: /năm 2027 và lũy kế 2026–2027/ });
    const general = table.getByRole('row', { name: /Công chức chuyên môn học QLNN/ });
    const cells = await general.getByRole('cell').allTextContents();
    // Within 2027 nobody; since 2026 the one class completion (the sample course does not count).
    assert.match(cells[0]!, /^0% \(0\/\d+\)$/);
    assert.match(cells[1]!, /^\d+(,\d+)?% \(1\/\d+\)$/);
    assert.match(cells.at(-1)!, /Phù Liễn/);
    await expectAccessible(page, 'year with cumulative figures');

    await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/?don-vi=SL&ky=2029-2031`);
    const phase2 = page.getByRole('table', { name: /giai đoạn 2029–2031 và lũy kế 2026–2031/ });
    const row = phase2.getByRole('row', { name: /Công chức chuyên môn học QLNN/ });
    const texts = await row.getByRole('cell').allTextContents();
    // The province's plan: 100 % cumulative by 2031 (seed 003); within the phase Decision 700's 50 %.
    assert.equal(texts[2], '50%');
    assert.equal(texts[3], '100%');
    await expectAccessible(page, 'second phase with cumulative figures');
  });

  test('the province administrator sets a target from the plan: a bad figure is refused, a good one saved and shown', async () => {
    await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/muc-tieu/`);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Tỉnh Sông Lam/);
    await expectAccessible(page, 'targets form');

    await page.getByLabel('Lũy kế 2026–2031 (%)').nth(2).fill('150');
    await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByRole('heading', { name: 'Có lỗi cần sửa' }).waitFor();
    assert.ok(await page.getByText('Chỉ tiêu phải là một số phần trăm từ 0 đến 100.').first().isVisible());
    await expectAccessible(page, 'targets form with an error');

    await page.getByLabel('Lũy kế 2026–2031 (%)').nth(2).fill('95');
    await page
      .getByLabel('Căn cứ (kế hoạch của tỉnh)')
      .nth(2)
      .fill('Kế hoạch số 12/KH-UBND ngày 02/3/2026 của UBND tỉnh Sông Lam, mục II');
    await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByRole('heading', { name: 'Thành công' }).waitFor();

    await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/?don-vi=SL&ky=2029-2031`);
    const row = page
      .getByRole('table', { name: /lũy kế 2026–2031/ })
      .getByRole('row', { name: /Tập huấn nghiệp vụ, kỹ năng/ });
    const cells = await row.getByRole('cell').allTextContents();
    assert.equal(cells[3], '95%');
    assert.match(cells.at(-1)!, /12\/KH-UBND/);
    const db = openTestDatabase(site.databaseUrl);
    const audit = await db.$client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'set-targets'");
    db.$client.close();
    assert.equal(Number(audit.rows[0]!.n), 1);
  });

  test('an administrator of another province gets 404 for this province', async () => {
    const other = await administrator('quantri.caonguyen');

    const response = await other.goto(`${site.baseUrl}/quan-tri/chi-tieu/?don-vi=SL&ky=2026-2028`);
    const targets = await other.goto(`${site.baseUrl}/quan-tri/chi-tieu/muc-tieu/?tinh=SL`);

    assert.equal(response?.status(), 404);
    assert.equal(targets?.status(), 404);
  });

  test('the system administrator sees every province side by side and can open one', async () => {
    const system = await administrator('quantri.hethong');

    await system.goto(`${site.baseUrl}/quan-tri/chi-tieu/?ky=2026-2028`);

    const table = system.getByRole('table', { name: /từng tỉnh, thành phố/ });
    assert.ok(await table.getByRole('link', { name: 'Tỉnh Sông Lam' }).isVisible());
    assert.ok(await table.getByRole('link', { name: 'Tỉnh Cao Nguyên' }).isVisible());
    await expectAccessible(system, 'national roll-up');
  });
});
