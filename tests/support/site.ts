/**
 * The fixture every end-to-end test file uses: a fresh seeded libSQL file database, the real
 * built server on it and a real Chromium, started once before the file's tests and stopped after.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { createTestDatabase } from './database.ts';

export interface Site {
  readonly baseUrl: string;
  readonly browser: Browser;
  /** The `file:` URL of this file's own seeded database. */
  readonly databaseUrl: string;
}

/** Registers before/after hooks and returns the running site (usable inside tests). */
export function useSite(env: Record<string, string> = {}): Site {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let databaseUrl: string | undefined;
  before(async () => {
    databaseUrl = await createTestDatabase();
    server = await startServer({ DATABASE_URL: databaseUrl, ...env });
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
    get databaseUrl() {
      if (!databaseUrl) throw new Error('useSite: the database is not created yet');
      return databaseUrl;
    },
    get browser() {
      if (!browser) throw new Error('useSite: the browser is not started yet');
      return browser;
    },
  };
}
