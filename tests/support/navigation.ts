/** Waiting for what a click or a choice loads in the page, without Playwright's deprecated waitForNavigation. */
import type { Page } from 'playwright-core';

/**
 * Runs `action` (a click on a submit button, a choice that submits its form) and returns the status
 * of the page it finally loads, after any redirect (a form that saves answers 303, then the page).
 */
export async function statusOfNavigation(page: Page, action: () => Promise<unknown>): Promise<number> {
  const loaded = page.waitForResponse(
    (response) =>
      response.request().isNavigationRequest() &&
      response.request().frame() === page.mainFrame() &&
      (response.status() < 300 || response.status() >= 400),
  );
  await action();
  const response = await loaded;
  await page.waitForLoadState();
  return response.status();
}

/** Clicks the (first) submit button named `name` and returns the status of the page it leads to. */
export function submitButton(page: Page, name: string): Promise<number> {
  return statusOfNavigation(page, () => page.getByRole('button', { name, exact: true }).first().click());
}

/**
 * Puts the cursor at the end of a text area. Set directly rather than by a click and Ctrl+End: a
 * click can land elsewhere while the page is still moving (the lesson editor's preview loading).
 */
export async function cursorToEnd(page: Page, label: string): Promise<void> {
  await page.getByRole('textbox', { name: label }).evaluate((area: HTMLTextAreaElement) => {
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  });
}
