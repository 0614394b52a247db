/**
 * The evaluation after training in a real browser on a phone: a commune administrator finds a
 * completion now due, submits the form without ratings (errors summarised and next to the
 * fields), then rates it; the learner's feedback form works after completion. Pages pass axe.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';

const site = useSite();
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;
const contexts: BrowserContext[] = [];
after(async () => {
  for (const context of contexts) await context.close();
});

async function signedIn(username: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  contexts.push(context);
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return page;
}

describe('evaluation after training', () => {
  before(async () => {
    // The demo learner completed a course four months ago.
    const db = openTestDatabase(site.databaseUrl);
    await db.$client.execute({
      sql: `INSERT INTO course_completions (user_id, course_id, official_id, unit_id, completed_at, score_percent, course_version)
            SELECT u.id, ?, o.id, o.unit_id, ?, 90, 'v1' FROM users u JOIN officials o ON o.id = u.official_id WHERE u.username = 'hocvien'`,
      args: [COURSE, Date.now() - 124 * 86_400_000],
    });
    db.$client.close();
  });

  let page: Page;

  test('the commune administrator sees the completion in the list of evaluations due', async () => {
    page = await signedIn('quantri.quangloi');

    await page.goto(`${site.baseUrl}/quan-tri/danh-gia/`);

    const due = page.getByRole('table', { name: /đã quá 3 tháng/ });
    assert.equal(await due.locator('tbody tr').count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('submitting without ratings shows the error summary and the title starts with "Lỗi: "', async () => {
    await page.getByRole('link', { name: /^Đánh giá/ }).click();
    await page.waitForURL(/\/quan-tri\/danh-gia\/.+\/.+\//);

    await page.getByRole('button', { name: 'Lưu đánh giá' }).click();

    await page.getByRole('heading', { name: 'Có lỗi cần sửa' }).waitFor();
    assert.match(await page.title(), /^Lỗi: /);
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('rating every criterion saves the evaluation and it leaves the due list', async () => {
    for (const name of ['taskResults', 'adviceQuality', 'responsibility', 'coordination', 'citizenSatisfaction'])
      await page.locator(`#${name}-4`).check();
    await page.getByLabel('Nhận xét (không bắt buộc)').fill('Tham mưu rõ ràng hơn sau khóa học.');

    await page.getByRole('button', { name: 'Lưu đánh giá' }).click();

    await page.waitForURL(/da-luu=1/);
    assert.ok(await page.getByText('Đã lưu đánh giá hiệu quả sau bồi dưỡng.').isVisible());
    assert.equal(await page.getByRole('table', { name: /đã quá 3 tháng/ }).count(), 0);
  });
});

describe('learner feedback', () => {
  test('the learner rates the completed course once', async () => {
    const learner = await signedIn('hocvien');
    await learner.goto(`${site.baseUrl}/khoa-hoc/${COURSE}/phan-hoi/`);
    assert.deepEqual(await seriousViolations(learner), []);
    for (const name of ['satisfaction', 'usefulness', 'selfAssessed']) await learner.locator(`#${name}-5`).check();

    await learner.getByRole('button', { name: 'Gửi ý kiến' }).click();

    await learner.waitForURL(/da-gui=1/);
    assert.ok(await learner.getByText('Cảm ơn anh/chị đã gửi ý kiến.', { exact: false }).isVisible());
    assert.equal(await learner.getByRole('button', { name: 'Gửi ý kiến' }).count(), 0);
  });
});
