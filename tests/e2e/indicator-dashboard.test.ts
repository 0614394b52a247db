/**
 * The Decision 700 dashboard in a real browser on a phone: a province administrator opens it,
 * drills down to a commune and to the officials behind a number; every page passes axe; an
 * administrator of another province gets 404 for it.
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
    // One general-management completion in Quảng Lợi this year, so a number is not zero.
    const db = openTestDatabase(site.databaseUrl);
    await db.$client
      .execute(`INSERT INTO course_completions (user_id, course_id, official_id, unit_id, completed_at, score_percent, course_version)
      SELECT u.id, 'van-hanh-chinh-quyen-dia-phuong-2-cap', o.id, o.unit_id, ${Date.parse('2026-06-15T10:00:00+07:00')}, 88, 'v1'
      FROM officials o JOIN users u ON u.official_id = o.id WHERE o."group" = 'cong-chuc-chuyen-mon' AND o.staff_code LIKE 'SL-QL-%' LIMIT 1`);
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

  test('an administrator of another province gets 404 for this province', async () => {
    const other = await administrator('quantri.caonguyen');

    const response = await other.goto(`${site.baseUrl}/quan-tri/chi-tieu/?don-vi=SL&ky=2026-2028`);

    assert.equal(response?.status(), 404);
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
