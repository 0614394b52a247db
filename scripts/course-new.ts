/**
 * `npm run course:new -- <ma-khoa-hoc> "<Tên khóa học>"`: scaffolds content/courses/<id>/ with a
 * draft course.yaml, a first lesson, a question bank with one example question and a final test,
 * then runs the content check. Without arguments on a terminal it asks for both.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { checkContent } from '../src/integrations/content-check/check-content.ts';
import { formatProblems, type ContentProblem } from '../src/integrations/content-check/problems.ts';
import { lessonText, yamlText } from '../src/lib/authoring/content-text.ts';

const COURSE_ID = /^[a-z0-9][a-z0-9-]*$/;

export type ScaffoldResult =
  { ok: true; dir: string; files: string[]; problems: ContentProblem[] } | { ok: false; message: string };

/** Creates the course folder under `root`/content/courses/ (never overwrites) and checks all content. */
export function scaffoldCourse(root: string, courseId: string, title: string, today = new Date()): ScaffoldResult {
  if (!COURSE_ID.test(courseId)) {
    return {
      ok: false,
      message: `Mã khóa học "${courseId}" không hợp lệ: chỉ dùng chữ thường không dấu, số và gạch ngang, ví dụ "quan-ly-ho-tich".`,
    };
  }
  if (title.trim().length < 5)
    return { ok: false, message: 'Tên khóa học quá ngắn: hãy ghi tên đầy đủ, ít nhất 5 ký tự.' };
  const dir = join(root, 'content', 'courses', courseId);
  if (existsSync(dir))
    return { ok: false, message: `Đã có khóa học "${courseId}" (${relative(root, dir)}): hãy chọn mã khác.` };

  const files: Record<string, string> = {
    'course.yaml': yamlText({
      title: title.trim(),
      summary: 'Tóm tắt một đến hai câu: khóa học giúp cán bộ, công chức cấp xã làm được gì.',
      kind: 'ky-nang-bo-tro',
      fields: ['giao-tiep-hanh-chinh'],
      audiences: ['cong-chuc-chuyen-mon'],
      hours: 4,
      days: 1,
      objectives: ['Nêu được mục tiêu thứ nhất của khóa học.'],
      legalBases: [],
      version: 1,
      instructors: [{ name: 'Tên giảng viên', organisation: 'Cơ quan của giảng viên' }],
      status: 'draft',
      updated: today.toISOString().slice(0, 10),
    }),
    'lessons/01-gioi-thieu.mdx': lessonText(
      {
        title: 'Giới thiệu khóa học',
        summary: 'Khóa học gồm những gì và học như thế nào cho hiệu quả.',
        minutes: 5,
        required: true,
      },
      [
        'Viết nội dung bài học bằng Markdown. Các thành phần có sẵn được liệt kê trong content/README.md.',
        '',
        'Mỗi căn cứ pháp lý viết bằng `<LegalRef type="Luật" number="…" year={2013} title="…" checked="năm-tháng-ngày" />`: checked (bắt buộc) là ngày bạn đối chiếu văn bản còn hiệu lực.',
        '',
        '<KeyPoints>',
        '- Ý cần nhớ thứ nhất.',
        '- Ý cần nhớ thứ hai.',
        '</KeyPoints>',
        '',
        '<Quiz id="kiem-tra-cuoi-khoa" />',
      ].join('\n'),
    ),
    'question-banks/ngan-hang-chung.yaml': yamlText({
      title: `Ngân hàng câu hỏi chung - ${title.trim()}`,
      questions: [
        {
          id: 'cau-hoi-mau',
          type: 'single',
          tags: ['gioi-thieu'],
          difficulty: 'de',
          prompt: 'Câu hỏi mẫu: hãy thay bằng câu hỏi về nội dung bài học. Phương án nào đúng?',
          options: [
            { id: 'a', text: 'Phương án đúng' },
            { id: 'b', text: 'Phương án sai' },
          ],
          correct: ['a'],
          explanation: 'Giải thích vì sao phương án a đúng, để học viên hiểu sau khi nộp bài.',
        },
      ],
    }),
    'quizzes/kiem-tra-cuoi-khoa.yaml': yamlText({
      title: `Kiểm tra cuối khóa - ${title.trim()}`,
      bank: 'ngan-hang-chung',
      draw: [{ count: 1 }],
      shuffleQuestions: true,
      shuffleOptions: true,
      timeLimitMinutes: 15,
      passPercent: 70,
      feedback: 'sau-khi-nop',
      final: true,
    }),
  };
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
  }
  return {
    ok: true,
    dir,
    files: Object.keys(files).map((path) => relative(root, join(dir, path))),
    problems: checkContent(root),
  };
}

async function main(): Promise<void> {
  let [courseId, title] = process.argv.slice(2);
  if ((!courseId || !title) && process.stdin.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    courseId ||= (
      await prompt.question('Mã khóa học (chữ thường không dấu, gạch ngang, ví dụ quan-ly-ho-tich): ')
    ).trim();
    title ||= (await prompt.question('Tên khóa học: ')).trim();
    prompt.close();
  }
  if (!courseId || !title) {
    console.error('Cách dùng: npm run course:new -- <ma-khoa-hoc> "<Tên khóa học>"');
    process.exit(1);
  }
  const result = scaffoldCourse(process.cwd(), courseId, title);
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  console.log(result.files.map((file) => `  ${file}`).join('\n'));
  if (result.problems.length > 0) {
    console.error(`Nội dung có ${result.problems.length} lỗi cần sửa:\n${formatProblems(result.problems)}`);
    process.exit(1);
  }
  console.log(
    `Đã tạo khóa học "${title}" ở ${relative(process.cwd(), result.dir)}/ (trạng thái draft). Chạy npm run content:check sau mỗi lần sửa.`,
  );
}

if (import.meta.main) await main();
