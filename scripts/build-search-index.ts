/**
 * Builds the Pagefind index of the built site: lesson, case-study and course pages only (the
 * pages whose <article> carries data-pagefind-body). Each page is indexed with folded alias
 * words for its words with đ appended in memory, so tone-free queries match; the served HTML
 * is left untouched.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { ALIAS_MARKER, aliasWords } from '../src/lib/search-alias.ts';

const CLIENT_DIR = process.argv[2] ?? 'dist/client';
const INDEXED_ARTICLE = /<article[^>]*data-pagefind-body[^>]*>([\s\S]*?)<\/article>/;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function urlOf(file: string): string {
  const path = relative(CLIENT_DIR, file).split(sep).join('/');
  return '/' + path.replace(/index\.html$/, '');
}

function articleText(html: string): string {
  const article = INDEXED_ARTICLE.exec(html)?.[1] ?? '';
  return article.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ');
}

const started = performance.now();
const { index, errors } = await pagefind.createIndex({ forceLanguage: 'vi' });
if (!index) throw new Error(`Không tạo được chỉ mục tìm kiếm: ${errors.join('; ')}`);
let pages = 0;
for (const file of htmlFiles(CLIENT_DIR)) {
  const html = readFileSync(file, 'utf8');
  if (!INDEXED_ARTICLE.test(html)) continue;
  const aliases = aliasWords(articleText(html));
  const content =
    aliases.length === 0
      ? html
      : html.replace('</body>', `<div data-pagefind-body>${ALIAS_MARKER} ${aliases.join(' ')}</div></body>`);
  const added = await index.addHTMLFile({ url: urlOf(file), content });
  if (added.errors.length > 0) throw new Error(`Lỗi khi lập chỉ mục ${file}: ${added.errors.join('; ')}`);
  pages += 1;
}
const outputPath = join(CLIENT_DIR, 'pagefind');
rmSync(outputPath, { recursive: true, force: true });
const written = await index.writeFiles({ outputPath });
if (written.errors.length > 0) throw new Error(`Không ghi được chỉ mục: ${written.errors.join('; ')}`);
await pagefind.close();
console.log(`Chỉ mục tìm kiếm: ${pages} trang trong ${((performance.now() - started) / 1000).toFixed(1)} giây.`);
