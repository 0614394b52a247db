import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { branchingCaseStudy } from '../support/demo-content.ts';

const site = useSite();

/** Texts of the case-study steps the learner can see now. */
const visibleSteps = (page: Page) =>
  page
    .locator('.case-step')
    .evaluateAll((steps) =>
      steps
        .filter((step) => (step as HTMLElement).offsetParent !== null)
        .map((step) => step.querySelector('h2, h3')?.textContent?.trim()),
    );

for (const javaScriptEnabled of [true, false]) {
  describe(`case study with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test('a choice shows its consequence, then leads to the next decision and to the commentary', async () => {
      const context = await site.browser.newContext({ viewport: PHONE, javaScriptEnabled });
      const page = await context.newPage();
      const { url, study } = branchingCaseStudy();
      const start = study.decisions.find((decision) => decision.id === study.start)!;
      const branching = start.options.find((option) => option.next)!;
      const second = study.decisions.find((decision) => decision.id === branching.next)!;

      await page.goto(`${site.baseUrl}${url}`);
      assert.deepEqual(await visibleSteps(page), [`Quyết định 1: ${start.prompt}`]);

      await page.getByRole('link', { name: branching.label, exact: true }).click();
      assert.deepEqual(await visibleSteps(page), ['Bạn đã chọn']);
      assert.equal(
        (await page.locator('.case-step:visible .case-choice').textContent())?.trim(),
        branching.label.trim(),
      );
      assert.ok(await page.getByText(branching.consequence.trim().split('\n')[0].slice(0, 40)).isVisible());

      await page.getByRole('link', { name: 'Tiếp tục: quyết định tiếp theo' }).locator('visible=true').click();
      const [heading] = await visibleSteps(page);
      assert.match(
        heading ?? '',
        new RegExp(`Quyết định \\d+: ${second.prompt.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );

      // Follow any path to its end: the commentary closes the case.
      let steps = 0;
      while (!(await page.locator('#th--' + branchingCaseStudy().id + '--binh-luan').isVisible()) && steps++ < 10) {
        const option = page.locator('.case-step:visible .case-options a').first();
        if (await option.count()) await option.click();
        else await page.locator('.case-step:visible .case-actions .button').click();
      }
      assert.ok(await page.getByRole('heading', { name: 'Bình luận của chuyên gia' }).isVisible());
      await context.close();
    });
  });
}
