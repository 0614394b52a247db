import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import {
  branchingCaseStudy,
  demoCourses,
  demoLessons,
  lessonWithExpertCheck,
  lessonWithVideo,
} from '../support/demo-content.ts';

const site = useSite();

/** The address of the first consequence of a case study, as a learner reaches it. */
function consequenceUrl(): string {
  const { url, id, study } = branchingCaseStudy();
  const start = study.decisions.find((decision) => decision.id === study.start)!;
  return `${url}#th--${id}--${start.id}--${start.options[0].id}`;
}

const PAGES = () => [
  { name: 'home', path: '/' },
  { name: 'catalog', path: '/khoa-hoc/?loai=ky-nang-bo-tro' },
  { name: 'course', path: demoCourses()[0].url },
  { name: 'lesson', path: lessonWithVideo().url },
  { name: 'lesson with a subject-expert note', path: lessonWithExpertCheck().url },
  { name: 'case study', path: branchingCaseStudy().url },
  { name: 'case study consequence', path: consequenceUrl() },
  { name: 'search', path: '/tim-kiem/?q=khieu%20nai', waitFor: '#search-results li' },
  { name: 'not found', path: '/khoa-hoc/khong-co-khoa-nay/' },
];

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  for (const { name, path, waitFor } of PAGES()) {
    test(`${name} page has no serious or critical violations and fits a 360 px phone`, async () => {
      // axe-core's Playwright adapter needs a page from an explicit context.
      const context = await site.browser.newContext({ viewport: PHONE });
      const page = await context.newPage();

      await page.goto(`${site.baseUrl}${path}`);
      if (waitFor) await page.waitForSelector(waitFor);

      assert.deepEqual(await seriousViolations(page), []);
      assert.equal(await sidewaysOverflow(page), 0, 'the page scrolls sideways at 360 px');
      await context.close();
    });
  }

  test('the checker itself reports a page with missing alternative text and low contrast', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();

    await page.setContent(
      '<html lang="vi"><body><main><h1>Thử</h1><img src="/x.png"><p style="color:#ccc">Chữ mờ</p></main></body></html>',
    );

    const violations = await seriousViolations(page);
    assert.ok(
      violations.some((line) => line.startsWith('image-alt')),
      violations.join('\n'),
    );
    assert.ok(
      violations.some((line) => line.startsWith('color-contrast')),
      violations.join('\n'),
    );
    await context.close();
  });

  test('every demo lesson fits a 360 px phone', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });
    const overflowing: string[] = [];

    for (const lesson of demoLessons()) {
      await page.goto(`${site.baseUrl}${lesson.url}`);
      if ((await sidewaysOverflow(page)) > 0) overflowing.push(lesson.url);
    }

    assert.deepEqual(overflowing, []);
    await page.close();
  });

  test('an unknown course answers 404', async () => {
    const response = await fetch(`${site.baseUrl}/khoa-hoc/khong-co-khoa-nay/`);

    assert.equal(response.status, 404);
  });

  test('a draft course is not published', async () => {
    const response = await fetch(`${site.baseUrl}/khoa-hoc/quan-ly-dat-dai-cap-xa/`);

    assert.equal(response.status, 404);
  });
});
