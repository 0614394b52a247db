import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { demoCourses } from '../support/demo-content.ts';

const site = useSite();

describe('catalog', () => {
  test('filters by kind of training with JavaScript turned off', async () => {
    const context = await site.browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const skills = demoCourses().filter((course) => course.kind === 'ky-nang-bo-tro');

    await page.goto(`${site.baseUrl}/khoa-hoc/`);
    const allCount = await page.locator('.card').count();
    await page.getByLabel('Kỹ năng bổ trợ').check();
    await page.getByRole('button', { name: 'Lọc khóa học' }).click();

    assert.match(page.url(), /loai=ky-nang-bo-tro/);
    assert.equal(await page.locator('.card').count(), skills.length);
    assert.ok(skills.length < allCount, 'the demo has courses of other kinds to filter out');
    const titles = await page.locator('.card h3').allTextContents();
    assert.deepEqual(titles.map((t) => t.trim()).sort(), skills.map((c) => c.title).sort());
    assert.ok(await page.getByLabel('Kỹ năng bổ trợ').isChecked(), 'the chosen filter stays checked');
    await context.close();
  });

  test('combines field and length filters and offers to clear them', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });

    await page.goto(`${site.baseUrl}/khoa-hoc/`);
    await page.getByLabel('Lĩnh vực, kỹ năng').selectOption('khieu-nai-to-cao');
    await page.getByRole('button', { name: 'Lọc khóa học' }).click();
    const withField = await page.locator('.card').count();
    // The demo courses credit 2.5 to 3.5 hours: none lasts one to five days.
    await page.getByLabel('Thời lượng').selectOption('1-5-ngay');
    await page.getByRole('button', { name: 'Lọc khóa học' }).click();

    assert.ok(withField >= 1);
    assert.equal(await page.locator('.card').count(), 0);
    assert.match((await page.getByRole('status').textContent()) ?? '', /Có 0 khóa học phù hợp/);
    await page.getByRole('link', { name: 'Xóa bộ lọc' }).click();
    assert.equal(await page.locator('.card').count(), demoCourses().length);
    await page.close();
  });

  test('never lists a draft course', async () => {
    const response = await fetch(`${site.baseUrl}/khoa-hoc/`);
    const html = await response.text();

    assert.equal(response.status, 200);
    assert.equal((html.match(/class="card"/g) ?? []).length, demoCourses().length);
  });
});
