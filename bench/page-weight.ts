/**
 * `npm run bench:page-weight`: the bytes a phone downloads for the home, catalog, course and
 * lesson pages of the built site: HTML plus the CSS, JavaScript (with its static imports) and
 * fonts it loads, media excluded; raw and gzip-compressed. Target: a lesson page under 60 KB
 * compressed, and no JavaScript on a plain reading page beyond what search and video need.
 */
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { startServer } from '../tests/support/server.ts';
import { createTestDatabase } from '../tests/support/database.ts';

const LESSON_BUDGET = 60 * 1024;

interface Weight {
  raw: number;
  gzip: number;
  brotli: number;
  js: number;
}

// A migrated, seeded database of its own: the catalog reads the recognised programmes' hours.
const server = await startServer({ DATABASE_URL: await createTestDatabase() });
const fetched = new Map<string, Buffer>();

async function download(url: string): Promise<Buffer> {
  if (!fetched.has(url)) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    fetched.set(url, Buffer.from(await response.arrayBuffer()));
  }
  return fetched.get(url)!;
}

/** Sub-resources a browser fetches while loading: stylesheets, scripts and their imports, fonts. */
function references(text: string, base: string, type: 'html' | 'js' | 'css'): string[] {
  const patterns = {
    html: [/<link[^>]+rel="(?:stylesheet|modulepreload|preload)"[^>]*href="([^"]+)"/g, /<script[^>]+src="([^"]+)"/g],
    js: [/(?:^|[;\s])import\s*(?:[^'"()]*?from\s*)?["']([^"']+\.js)["']/g],
    css: [/url\(["']?([^"')]+\.(?:woff2?|ttf|otf))["']?\)/g],
  }[type];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => new URL(match[1], base).href));
}

async function pageWeight(path: string): Promise<Weight> {
  const url = `${server.baseUrl}${path}`;
  const queue: [string, 'html' | 'js' | 'css'][] = [[url, 'html']];
  const seen = new Set<string>();
  const weight: Weight = { raw: 0, gzip: 0, brotli: 0, js: 0 };
  while (queue.length > 0) {
    const [next, type] = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const body = await download(next);
    weight.raw += body.length;
    weight.gzip += gzipSync(body, { level: 6 }).length;
    weight.brotli += brotliCompressSync(body).length;
    if (type === 'js') weight.js += body.length;
    // Small scripts are inlined by Astro: count them as JavaScript too.
    if (type === 'html') {
      for (const [, code] of body.toString('utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
        weight.js += Buffer.byteLength(code);
    }
    for (const ref of references(body.toString('utf8'), next, type)) {
      queue.push([ref, ref.endsWith('.css') ? 'css' : ref.endsWith('.js') ? 'js' : 'css']);
    }
  }
  return weight;
}

try {
  const home = await (await fetch(`${server.baseUrl}/`)).text();
  const coursePath = /href="(\/khoa-hoc\/[a-z0-9-]+\/)"/.exec(home)?.[1];
  if (!coursePath) throw new Error('Không tìm thấy khóa học nào trên trang chủ.');
  const coursePage = await (await fetch(`${server.baseUrl}${coursePath}`)).text();
  const lessonPaths = [...coursePage.matchAll(/href="(\/khoa-hoc\/[a-z0-9-]+\/[a-z0-9-]+\/)"/g)]
    .map((m) => m[1])
    .filter((p) => !p.includes('/tinh-huong/'));
  // Weigh the longest lesson of the first course: the worst case a learner meets there.
  const lessonSizes = await Promise.all(
    lessonPaths.map(async (p) => ({ p, size: (await download(`${server.baseUrl}${p}`)).length })),
  );
  const lessonPath = lessonSizes.sort((a, b) => b.size - a.size)[0].p;

  const pages = [
    ['Trang chủ', '/'],
    ['Danh mục khóa học', '/khoa-hoc/'],
    ['Trang khóa học', coursePath],
    ['Bài học (dài nhất)', lessonPath],
    ['Tìm kiếm (chưa tải chỉ mục)', '/tim-kiem/'],
  ] as const;
  console.log('Trang                          chưa nén   gzip      brotli    trong đó JS');
  for (const [name, path] of pages) {
    const w = await pageWeight(path);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padEnd(10);
    console.log(`${name.padEnd(31)}${kb(w.raw)}${kb(w.gzip)}${kb(w.brotli)}${kb(w.js)} ${path}`);
    if (name.startsWith('Bài học')) {
      console.log(
        `  → bài học: ${(w.gzip / 1024).toFixed(1)} KB gzip so với ngân sách ${LESSON_BUDGET / 1024} KB: ${w.gzip <= LESSON_BUDGET ? 'ĐẠT' : 'VƯỢT'}`,
      );
    }
  }
  // The search page loads Pagefind only when a query is made: its runtime and entry files.
  const pagefindFiles = ['/pagefind/pagefind.js', '/pagefind/pagefind-entry.json'];
  const entry = JSON.parse((await download(`${server.baseUrl}/pagefind/pagefind-entry.json`)).toString('utf8'));
  const language = Object.values(entry.languages as Record<string, { hash: string; wasm?: string }>)[0];
  pagefindFiles.push(`/pagefind/pagefind.${language.hash}.pf_meta`);
  pagefindFiles.push(`/pagefind/wasm.${language.wasm ?? 'unknown'}.pagefind`);
  let searchBytes = 0;
  for (const file of pagefindFiles) searchBytes += gzipSync(await download(`${server.baseUrl}${file}`)).length;
  console.log(
    `Tìm kiếm: tải thêm khi gõ truy vấn đầu tiên ${(searchBytes / 1024).toFixed(1)} KB gzip (pagefind.js, wasm, meta), rồi các mảnh chỉ mục nhỏ.`,
  );
} finally {
  await server.stop();
}
