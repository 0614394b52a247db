// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { contentCheck } from './src/integrations/content-check/index.ts';
import { PAGE_DIRECTIVES, PAGE_STYLE_SOURCES } from './src/lib/security-headers.ts';

// Behind a reverse proxy that terminates TLS, SITE_URL names the public address: its host is
// then trusted in X-Forwarded-Host/-Proto, so URLs and origin checks see https://that-host.
const publicSite = process.env.SITE_URL ? new URL(process.env.SITE_URL) : undefined;

// Reading pages are prerendered at build time; pages and API routes that need a request
// (catalog filters, accounts, progress) opt out with `export const prerender = false`.
export default defineConfig({
  site: process.env.SITE_URL ?? 'http://127.0.0.1:4321',
  output: 'static',
  // staticHeaders: a prerendered page's Content-Security-Policy goes to dist/_headers.json and is
  // sent as a real header (scripts/serve.mjs matches it to the page), not as a <meta> that cannot
  // carry frame-ancestors or report-to.
  adapter: node({ mode: 'standalone', staticHeaders: true }),
  integrations: [contentCheck(), mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
  server: { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 4321) },
  security: {
    checkOrigin: true,
    allowedDomains: publicSite
      ? [{ hostname: publicSite.hostname, protocol: publicSite.protocol.replace(':', '') }]
      : [],
    // Every page's Content-Security-Policy: Astro adds script-src and style-src with the hashes of
    // the scripts and styles it emits; the rest is in src/lib/security-headers.ts.
    csp: {
      directives: [...PAGE_DIRECTIVES],
      styleDirective: { resources: [...PAGE_STYLE_SOURCES] },
    },
  },
  devToolbar: { enabled: false },
  // Kept inside the project (not node_modules) so copies sharing node_modules build independently.
  cacheDir: './.astro/cache',
  vite: {
    build: {
      rollupOptions: {
        // Every MDX module carries a harmless "use astro:head-inject" directive warning.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  },
});
