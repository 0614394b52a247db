/** Following a publication in the browser. */
import type { Page } from 'playwright-core';

/** A publication builds the whole site in the background: minutes on a small machine. */
export const PUBLISH_TIMEOUT = 8 * 60_000;

/** Stays on the publication progress page (which updates itself) until it says how the job ended. */
export async function waitForPublication(page: Page): Promise<string> {
  await page.waitForURL(/\/giang-vien\/xuat-ban\/[a-z0-9]+\/$/);
  const deadline = Date.now() + PUBLISH_TIMEOUT;
  while (Date.now() < deadline) {
    try {
      await page.waitForLoadState('load');
      const text = await page.locator('main').innerText();
      if (/Đã xuất bản xong|Xuất bản không thành công/.test(text)) return text;
    } catch {
      // The page reloaded itself while being read: read it again.
    }
    await page.waitForTimeout(500);
  }
  throw new Error('the publication did not end in time');
}
