/**
 * The search page's island. Pagefind finds candidates; this code then keeps only results that
 * contain every word asked for (Pagefind silently drops words that match nothing) and builds
 * the excerpt from the page's real text, never from the folded copy used for matching.
 */
import { foldVietnamese, foldedWords } from '../lib/vietnamese.ts';
import { ALIAS_MARKER } from '../lib/search-alias.ts';

interface PagefindResultData {
  url: string;
  content: string;
  meta: { title?: string; kind?: string; course?: string };
}
interface Pagefind {
  init(): Promise<void>;
  search(query: string): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

const MAX_RESULTS = 20;
const BATCH = 10;
let pagefindLoading: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  const path = '/pagefind/pagefind.js';
  pagefindLoading ??= import(/* @vite-ignore */ path).then(async (module: Pagefind) => {
    await module.init();
    return module;
  });
  return pagefindLoading;
}

/** The page's own text: what precedes the folded alias words appended for matching. */
function realText(content: string): string {
  const at = content.indexOf(ALIAS_MARKER);
  return (at === -1 ? content : content.slice(0, at)).trim();
}

/** True when every query word starts some word of the text (so "khieu" finds "khiếu"). */
export function containsEveryWord(text: string, queryWords: readonly string[]): boolean {
  const words = foldedWords(text);
  return queryWords.every((queryWord) => words.some((word) => word.startsWith(queryWord)));
}

/** Index of the first place where the query words stand one after another, or -1. */
function phraseStart(folded: readonly string[], queryWords: readonly string[]): number {
  return folded.findIndex((_, i) => queryWords.every((q, k) => folded[i + k]?.startsWith(q)));
}

/** True when the page holds the query as a phrase: such pages are listed first. */
export function containsPhrase(text: string, queryWords: readonly string[]): boolean {
  return phraseStart(foldedWords(text), queryWords) !== -1;
}

/**
 * About 30 words of real text where the query is best seen: at the phrase if the page has it,
 * else where the most different query words fall together; matches are marked.
 */
export function buildExcerpt(text: string, queryWords: readonly string[], span = 30): DocumentFragment {
  const words = text.split(/\s+/);
  const folded = words.map((word) => foldedWords(word)[0] ?? '');
  const matchOf = (i: number) => queryWords.findIndex((q) => folded[i].startsWith(q));
  let anchor = phraseStart(folded, queryWords);
  if (anchor === -1) {
    let best = -1;
    folded.forEach((_, i) => {
      if (matchOf(i) === -1) return;
      const found = new Set(
        folded
          .slice(i, i + span / 2)
          .map((_, k) => matchOf(i + k))
          .filter((m) => m !== -1),
      ).size;
      if (found > best) [best, anchor] = [found, i];
    });
  }
  const start = Math.max(0, anchor - Math.floor(span / 3));
  const fragment = document.createDocumentFragment();
  if (start > 0) fragment.append('… ');
  words.slice(start, start + span).forEach((word, index) => {
    if (index > 0) fragment.append(' ');
    if (matchOf(start + index) !== -1) {
      const mark = document.createElement('mark');
      mark.textContent = word;
      fragment.append(mark);
    } else {
      fragment.append(word);
    }
  });
  if (start + span < words.length) fragment.append(' …');
  return fragment;
}

function renderResult(data: PagefindResultData, queryWords: readonly string[]): HTMLLIElement {
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = [data.meta.kind, data.meta.course].filter(Boolean).join(' · ');
  const excerpt = document.createElement('p');
  excerpt.append(buildExcerpt(realText(data.content), queryWords));
  item.append(heading, meta, excerpt);
  return item;
}

async function search(query: string, status: HTMLElement, list: HTMLElement): Promise<void> {
  list.replaceChildren();
  const queryWords = foldedWords(query);
  if (queryWords.length === 0) {
    status.textContent = '';
    return;
  }
  status.textContent = 'Đang tìm…';
  const pagefind = await loadPagefind();
  const { results } = await pagefind.search(foldVietnamese(query));
  const found: PagefindResultData[] = [];
  // Fragments load in parallel batches: one round trip per batch on a slow connection.
  for (let start = 0; start < results.length && found.length < MAX_RESULTS; start += BATCH) {
    const batch = await Promise.all(results.slice(start, start + BATCH).map((result) => result.data()));
    found.push(...batch.filter((data) => containsEveryWord(data.content, queryWords)));
  }
  // Pages holding the words as a phrase first; otherwise Pagefind's order (the sort is stable).
  found.sort(
    (a, b) =>
      Number(containsPhrase(realText(b.content), queryWords)) - Number(containsPhrase(realText(a.content), queryWords)),
  );
  found.splice(MAX_RESULTS);
  list.replaceChildren(...found.map((data) => renderResult(data, queryWords)));
  status.textContent =
    found.length === 0
      ? `Không tìm thấy kết quả cho “${query}”. Hãy thử từ khác hoặc ít từ hơn.`
      : `Tìm thấy ${found.length} kết quả cho “${query}”.`;
}

/** Wires the search form: runs the query from the address on load and on each submit. */
export function runSearchPage(): void {
  const form = document.getElementById('search-form') as HTMLFormElement;
  const input = document.getElementById('q') as HTMLInputElement;
  const status = document.getElementById('search-status')!;
  const list = document.getElementById('search-results')!;
  const fail = () => {
    status.textContent = 'Chưa tải được chỉ mục tìm kiếm. Hãy kiểm tra kết nối rồi thử lại.';
  };
  const initial = new URLSearchParams(location.search).get('q') ?? '';
  input.value = initial;
  if (initial) search(initial, status, list).catch(fail);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set('q', input.value);
    history.replaceState(null, '', url);
    search(input.value, status, list).catch(fail);
  });
}
