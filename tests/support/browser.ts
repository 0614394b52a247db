/** Debian's Chromium driven by playwright-core, with the flags this closed-network machine needs. */
import { chromium, type Browser } from 'playwright-core';

/** Launches headless Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** The phone viewport the pages are designed for first. */
export const PHONE = { width: 360, height: 740 } as const;
