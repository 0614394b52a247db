import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { foldedWords } from '../../src/lib/vietnamese.ts';

const site = useSite();

/** Runs a search as a learner would and returns the results' links and visible texts. */
async function searchFor(
  page: Page,
  query: string,
): Promise<{ status: string; results: { href: string; text: string }[] }> {
  await page.goto(`${site.baseUrl}/tim-kiem/`);
  await page.getByLabel('Tìm trong bài học, tình huống và khóa học').fill(query);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForFunction(() =>
    /Tìm thấy|Không tìm thấy/.test(document.getElementById('search-status')?.textContent ?? ''),
  );
  const results = await page.locator('#search-results li').evaluateAll((items) =>
    items.map((item) => ({
      href: item.querySelector('a')!.getAttribute('href')!,
      text: (item as HTMLElement).innerText,
    })),
  );
  return { status: (await page.locator('#search-status').textContent()) ?? '', results };
}

const CASES = [
  { query: 'dat dai', expected: 'đất đai', course: /\/khoa-hoc\// },
  { query: 'thu tuc hanh chinh', expected: 'thủ tục hành chính', course: /\/khoa-hoc\// },
  { query: 'khieu nai to cao', expected: 'khiếu nại', course: /\/khoa-hoc\/tiep-cong-dan-khieu-nai-to-cao\// },
];

describe('search without tone marks', () => {
  for (const { query, expected, course } of CASES) {
    test(`"${query}" finds pages about "${expected}" and shows their real text`, async () => {
      const page = await site.browser.newPage({ viewport: PHONE });

      const { results } = await searchFor(page, query);

      assert.ok(results.length > 0, `no result for ${query}`);
      assert.ok(
        results.some((result) => course.test(result.href)),
        `no result in the expected course for ${query}`,
      );
      assert.ok(
        results[0].text.toLowerCase().includes(expected),
        `the first result shows "${expected}" with its marks: ${results[0].text}`,
      );
      assert.ok(
        results.every((result) => !result.text.includes('hlsbidanh')),
        'no excerpt shows the folded alias words',
      );
      await page.close();
    });
  }

  test('keeps only results that contain every word asked for', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });

    const { results } = await searchFor(page, 'khieu nai dat dai');
    for (const result of results) {
      const response = await fetch(`${site.baseUrl}${result.href}`);
      const words = foldedWords((await response.text()).replace(/<[^>]+>/g, ' '));
      for (const word of ['khieu', 'nai', 'dat', 'dai'])
        assert.ok(words.includes(word), `${result.href} lacks "${word}"`);
    }
    await page.close();
  });

  test('says plainly when nothing matches', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });

    const { status, results } = await searchFor(page, 'khongcotukhoanay');

    assert.equal(results.length, 0);
    assert.match(status, /Không tìm thấy kết quả cho “khongcotukhoanay”/);
    await page.close();
  });

  test('finds nothing from a draft course', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });

    const { results } = await searchFor(page, 'ban nhap chua xuat ban');

    assert.deepEqual(
      results.filter((result) => result.href.includes('quan-ly-dat-dai-cap-xa')),
      [],
    );
    await page.close();
  });
});
