/**
 * The sessions page in Chromium (ASVS 7.5.2): a learner signed in on two devices opens
 * /tai-khoan/phien-dang-nhap/ on one, which passes axe (WCAG 2.2 AA) and fits a 360 px phone,
 * ends the other by its button (named with the session's start time), and the other device is
 * signed out.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';

const site = useSite();
const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;
const PAGE = '/tai-khoan/phien-dang-nhap/';

describe('the sessions page', () => {
  test('lists both sessions accessibly and ends the other device’s', async () => {
    const phone = await site.browser.newContext({ viewport: PHONE });
    const other = await site.browser.newContext({ viewport: PHONE });
    const page = await phone.newPage();
    const otherPage = await other.newPage();
    await signInThroughForm(otherPage, site.baseUrl, learner.username, learner.password);
    await signInThroughForm(page, site.baseUrl, learner.username, learner.password);

    await page.goto(`${site.baseUrl}${PAGE}`);
    const table = page.getByRole('table', { name: /phiên đang mở/ });
    assert.ok((await table.getByRole('row').count()) >= 3, 'a header row and at least two sessions');
    assert.equal(await table.getByText('Phiên này', { exact: true }).count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0, 'the page scrolls sideways at 360 px');

    const buttons = page.getByRole('button', { name: /^Đăng xuất phiên này \(bắt đầu lúc \d{2}:\d{2} ngày .+\)$/ });
    const before = await buttons.count();
    assert.ok(before >= 1);
    await buttons.last().click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, PAGE);
    await page.getByRole('status').getByText('Đã đăng xuất phiên đăng nhập đó.').waitFor();
    assert.equal(await buttons.count(), before - 1);
    assert.deepEqual(await seriousViolations(page), [], 'the page with its banner');

    // "Đăng xuất mọi nơi khác" ends whatever is left, the other device's session among them.
    if (before > 1) await page.getByRole('button', { name: 'Đăng xuất mọi nơi khác' }).click();
    await page.waitForLoadState();
    await otherPage.goto(`${site.baseUrl}${PAGE}`);
    assert.equal(new URL(otherPage.url()).pathname, '/dang-nhap/', 'the other device is signed out');
    await page.goto(`${site.baseUrl}${PAGE}`);
    assert.equal(new URL(page.url()).pathname, PAGE, 'this device is still signed in');
    await phone.close();
    await other.close();
  });
});
