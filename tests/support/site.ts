/**
 * The fixture every end-to-end test file uses: the real built server and a real Chromium,
 * started once before the file's tests and stopped after them.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

export interface Site {
  readonly baseUrl: string;
  readonly browser: Browser;
}

/** Registers before/after hooks and returns the running site (usable inside tests). */
export function useSite(env: Record<string, string> = {}): Site {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer(env);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get baseUrl() {
      if (!server) throw new Error('useSite: the server is not started yet');
      return server.baseUrl;
    },
    get browser() {
      if (!browser) throw new Error('useSite: the browser is not started yet');
      return browser;
    },
  };
}
