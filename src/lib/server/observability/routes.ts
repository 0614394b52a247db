/**
 * The route pattern of a request path (/khoa-hoc/[course]/[lesson], not /khoa-hoc/abc/bai-1):
 * the `route` of the request log and the label of the request-duration histogram, whose series
 * must stay few whatever paths people (or scanners) ask for.
 *
 * scripts/serve.mjs sees only the Node request, not Astro's route, so the patterns are read once
 * from src/pages as Astro makes them: a file's path without its extension, `index` naming its
 * folder, files and folders starting with `_` left out; [param] is one segment, [...rest] any
 * number. A path no page matches gets one of a few fixed labels (FIXED_LABELS), never itself.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Labels of paths no page matches: built assets, actions, search index, other files, the rest. */
export const FIXED_LABELS = ['/_astro/*', '/_actions/*', '/pagefind/*', 'static', 'unmatched'] as const;

const PAGE_FILE = /\.(astro|md|mdx|html|ts|js|mjs)$/;

interface Route {
  pattern: string;
  regex: RegExp;
  /** Per segment: 3 static, 2 a parameter with fixed text ([code].pdf), 1 a parameter, 0 a rest. */
  rank: number[];
}

/** The route patterns of the page files under `pagesDir`, e.g. "/khoa-hoc/[course]/[lesson]". */
export function pagePatterns(pagesDir: string): string[] {
  const patterns: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}/${entry.name}`);
      else if (PAGE_FILE.test(entry.name)) {
        const name = entry.name.replace(PAGE_FILE, '');
        patterns.push(name === 'index' ? prefix || '/' : `${prefix}/${name}`);
      }
    }
  };
  walk(pagesDir, '');
  return patterns;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function routeOf(pattern: string): Route {
  const segments = pattern === '/' ? [] : pattern.slice(1).split('/');
  let source = '';
  const rank: number[] = [];
  for (const segment of segments) {
    if (/^\[\.\.\.[^\]]+\]$/.test(segment)) {
      source += '(?:/.*)?';
      rank.push(0);
      continue;
    }
    const parts = segment.split(/(\[[^\]]+\])/).filter(Boolean);
    source += `/${parts.map((part) => (part.startsWith('[...') ? '.*' : part.startsWith('[') ? '[^/]+' : escape(part))).join('')}`;
    rank.push(parts.every((part) => !part.startsWith('[')) ? 3 : parts.length > 1 ? 2 : 1);
  }
  return { pattern, regex: new RegExp(`^${source}/?$`), rank };
}

/** Astro's order, roughly: at the first segment that differs, static before parameter before rest. */
function byPriority(a: Route, b: Route): number {
  for (let i = 0; i < Math.min(a.rank.length, b.rank.length); i++) {
    if (a.rank[i] !== b.rank[i]) return b.rank[i] - a.rank[i];
  }
  return b.rank.length - a.rank.length;
}

const CACHE_LIMIT = 2_000;

/**
 * A function from a request path (no query string) to its route pattern or a FIXED_LABELS label.
 * Answers are cached (up to CACHE_LIMIT paths, then the cache starts over).
 */
export function routeMatcher(patterns: readonly string[]): (pathname: string) => string {
  const routes = patterns.map(routeOf).sort(byPriority);
  const cache = new Map<string, string>();
  const match = (pathname: string): string => {
    for (const route of routes) if (route.regex.test(pathname)) return route.pattern;
    if (pathname.startsWith('/_astro/')) return '/_astro/*';
    if (pathname.startsWith('/_actions/')) return '/_actions/*';
    if (pathname.startsWith('/pagefind/')) return '/pagefind/*';
    return /\.[A-Za-z0-9]{1,8}$/.test(pathname) ? 'static' : 'unmatched';
  };
  return (pathname) => {
    let pattern = cache.get(pathname);
    if (pattern === undefined) {
      pattern = match(pathname);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(pathname, pattern);
    }
    return pattern;
  };
}
