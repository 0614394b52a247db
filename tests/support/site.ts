/**
 * The fixture every end-to-end test file uses: a fresh seeded libSQL file database, the real
 * built server on it and a real Chromium, started once before the file's tests and stopped after.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { createTestDatabase } from './database.ts';
import { copyProject, type ProjectCopy } from './project-copy.ts';

export interface Site {
  readonly baseUrl: string;
  readonly browser: Browser;
  /** The `file:` URL of this file's own seeded database. */
  readonly databaseUrl: string;
}

export interface SiteOptions {
  /**
   * Serve from a throwaway copy of the project: for tests that publish, since a publication
   * writes content/, public/ and data/builds/ of the folder the server runs in.
   */
  isolated?: boolean;
}

/** Registers before/after hooks and returns the running site (usable inside tests). */
export function useSite(env: Record<string, string> = {}, options: SiteOptions = {}): Site & { readonly root: string } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let databaseUrl: string | undefined;
  let copy: ProjectCopy | undefined;
  before(async () => {
    databaseUrl = await createTestDatabase();
    if (options.isolated) copy = copyProject();
    server = await startServer({ DATABASE_URL: databaseUrl, ...env }, { cwd: copy?.root });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    copy?.cleanup();
  });
  return {
    /** The folder the server runs in (the repository, or its copy). */
    get root() {
      return copy?.root ?? process.cwd();
    },
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
