/** Signing in through the real form, as a person does: the one copy the e2e tests share. */
import type { Page } from 'playwright-core';

/** Fills in and sends the sign-in form; resolves once the next page has loaded. */
export async function signInThroughForm(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap/`);
  await page.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();
}
