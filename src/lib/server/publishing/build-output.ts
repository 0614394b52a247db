/**
 * Reading `astro build` output: progress for the bar, and on failure a short Vietnamese summary
 * with the content problems it names. Pure.
 */
import type { PublishProblem } from '../../authoring/vocabulary.ts';
import { fieldLabel, whereOf } from './problem-labels.ts';

/** Output without terminal colours. */
export function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/** Tracks how far a build has got, 10–80 percent. */
export class BuildProgress {
  percent = 10;
  pages = 0;
  expectedPages: number;
  private generating = false;

  constructor(expectedPages: number) {
    this.expectedPages = Math.max(1, expectedPages);
  }

  /** Takes one output line; returns true when the percent changed. */
  line(raw: string): boolean {
    const line = plain(raw);
    const before = this.percent;
    if (/syncing content|collecting build info/i.test(line)) this.percent = Math.max(this.percent, 12);
    else if (/building (server entrypoints|ssr|server)/i.test(line)) this.percent = Math.max(this.percent, 20);
    else if (/building client/i.test(line)) this.percent = Math.max(this.percent, 35);
    else if (/\[vite\].*built in/i.test(line)) this.percent = Math.max(this.percent, Math.min(42, this.percent + 11));
    else if (/(generating|prerendering) static routes/i.test(line)) {
      this.generating = true;
      this.percent = Math.max(this.percent, 45);
    } else if (this.generating && /\(\+[\d.]+\s*m?s\)/.test(line)) {
      this.pages += 1;
      this.percent = Math.max(this.percent, Math.min(78, 45 + Math.floor((33 * this.pages) / this.expectedPages)));
    } else if (/complete!|server built in/i.test(line)) this.percent = 80;
    return this.percent !== before;
  }
}

const PROBLEM_LINE = /^\s*(content\/[^\s›]+)(?: › (\S+))?: (.+)$/;
const CONTENT_PATH =
  /(?:^|[\s/(])(content\/courses\/[a-z0-9-]+\/[a-z-]+\/[a-z0-9.-]+\.(?:mdx?|ya?ml)|content\/videos\/[a-z0-9.-]+\.ya?ml)(?::(\d+)(?::\d+)?)?/;

/** The content problems a failed build names (root: the tree built, for titles). */
export function problemsInOutput(output: string, root: string): PublishProblem[] {
  const lines = plain(output).split(/\r?\n/);
  const problems: PublishProblem[] = [];
  for (const line of lines) {
    const match = PROBLEM_LINE.exec(line);
    if (match)
      problems.push({
        file: match[1],
        where: whereOf(root, match[1]),
        field: fieldLabel(match[2] ?? ''),
        message: match[3].trim(),
      });
  }
  if (problems.length > 0) return problems;
  // A compiler error (MDX, a component) names the file it stopped at.
  const at = lines.findIndex((line) => CONTENT_PATH.test(line));
  if (at < 0) return [];
  const [, file, lineNumber] = CONTENT_PATH.exec(lines[at])!;
  const reason = errorLine(lines, at);
  return [
    {
      file,
      where: whereOf(root, file),
      field: 'Nội dung bài (body)',
      message: `Không dựng được trang từ nội dung này${lineNumber ? ` (dòng ${lineNumber})` : ''}: ${reason || 'lỗi cú pháp Markdown hoặc thành phần'}. Kiểm tra các thành phần chèn vào bài (thẻ mở và đóng, dấu ngoặc, thuộc tính).`,
    },
  ];
}

function errorLine(lines: string[], near: number): string {
  const candidates = [...lines.slice(Math.max(0, near - 6), near + 1).reverse(), ...lines.slice(near + 1, near + 4)];
  const found = candidates.find(
    (line) => /error|unexpected|expected|could not|cannot/i.test(line) && !CONTENT_PATH.test(line),
  );
  return (found ?? '')
    .replace(/^\s*(\[[^\]]+\]\s*)+/, '')
    .trim()
    .slice(0, 300);
}

/** The last meaningful lines of the output, for the failure note. */
export function outputTail(output: string, count = 8): string {
  return plain(output)
    .split(/\r?\n/)
    .map((line) => line.replace(/^\d\d:\d\d:\d\d\s+/, '').trim())
    .filter((line) => line && !/^at\s|node_modules|^\s*│/.test(line))
    .slice(-count)
    .join('\n');
}
