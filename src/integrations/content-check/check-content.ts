/**
 * The content check: reads every file under content/ and reports, for each problem, the file,
 * the field and how to fix it. The build, `npm run content:check` and the unit tests all call
 * this one function, so a writer sees the same message wherever the problem is found.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import type { ZodType } from 'astro/zod';
import { CaseStudySchema } from '../../schemas/case-study.ts';
import { CourseSchema } from '../../schemas/course.ts';
import { LessonSchema } from '../../schemas/lesson.ts';
import { QuestionBankSchema, type QuestionBank } from '../../schemas/question-bank.ts';
import { QuizSchema, type Quiz } from '../../schemas/quiz.ts';
import { drawShortfalls } from '../../lib/assessment/draw.ts';
import { VideoSchema } from '../../schemas/video.ts';
import { LESSON_FILE_PATTERN, SLUG_FILE_PATTERN } from '../../lib/content-paths.ts';
import { checkLessonBody } from '../../lib/lesson-body-check.ts';
import { zodProblems, type ContentProblem } from './problems.ts';
import { courseHours, hoursProblems } from './course-hours.ts';

export type { ContentProblem } from './problems.ts';

/** What the check learns while reading, for cross-file checks. */
interface ContentIndex {
  videoIds: Set<string>;
  caseStudyFiles: Map<string, string>;
}

/** Checks all content below `root` (the project folder) and returns every problem found. */
export function checkContent(root: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const index: ContentIndex = { videoIds: new Set(), caseStudyFiles: new Map() };
  const coursesDir = join(root, 'content', 'courses');
  const videosDir = join(root, 'content', 'videos');
  const file = (path: string) => relative(root, path);

  for (const name of listFiles(videosDir)) {
    const path = join(videosDir, name);
    if (!SLUG_FILE_PATTERN.test(name)) {
      problems.push({
        file: file(path),
        field: '',
        message:
          'Tên tệp video phải viết thường, không dấu, nối bằng gạch ngang, đuôi .yaml, ví dụ "tiep-cong-dan.yaml".',
      });
      continue;
    }
    const data = parseYaml(path, file(path), problems);
    if (data === undefined) continue;
    const before = problems.length;
    problems.push(...zodProblems(VideoSchema, data, file(path)));
    if (problems.length === before) problems.push(...missingMedia(root, file(path), data as Record<string, unknown>));
    index.videoIds.add(name.replace(/\.ya?ml$/, ''));
  }

  const courseDirs = listDirs(coursesDir);
  // Case studies first: lessons may embed a case study of any course.
  for (const course of courseDirs) {
    const dir = join(coursesDir, course, 'case-studies');
    for (const name of listFiles(dir)) {
      const path = join(dir, name);
      const match = SLUG_FILE_PATTERN.exec(name);
      if (!match) {
        problems.push({
          file: file(path),
          field: '',
          message: 'Tên tệp tình huống phải viết thường, không dấu, nối bằng gạch ngang, đuôi .yaml.',
        });
        continue;
      }
      const earlier = index.caseStudyFiles.get(match[1]);
      if (earlier) {
        problems.push({
          file: file(path),
          field: '',
          message: `Mã tình huống "${match[1]}" đã dùng ở ${earlier}: hãy đổi tên tệp để mã là duy nhất.`,
        });
      }
      index.caseStudyFiles.set(match[1], file(path));
      const data = parseYaml(path, file(path), problems);
      if (data !== undefined) problems.push(...zodProblems(CaseStudySchema, data, file(path)));
    }
  }

  for (const course of courseDirs) {
    problems.push(...checkCourse(root, join(coursesDir, course), index));
  }
  // Declared hours the content cannot support (src/lib/credited-hours.ts).
  problems.push(...hoursProblems(courseHours(root)));
  return problems;
}

function checkCourse(root: string, dir: string, index: ContentIndex): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const file = (path: string) => relative(root, path);
  const coursePath = join(dir, 'course.yaml');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(dir.split(/[\\/]/).at(-1) ?? '')) {
    problems.push({
      file: file(dir),
      field: '',
      message: 'Tên thư mục khóa học phải viết thường, không dấu, nối bằng gạch ngang.',
    });
  }
  if (!existsSync(coursePath)) {
    problems.push({
      file: file(coursePath),
      field: '',
      message: 'Thiếu tệp course.yaml: mỗi thư mục khóa học cần một tệp course.yaml (xem content/README.md).',
    });
  } else {
    const data = parseYaml(coursePath, file(coursePath), problems);
    if (data !== undefined) problems.push(...zodProblems(CourseSchema, data, file(coursePath)));
  }

  const lessonsDir = join(dir, 'lessons');
  const lessonFiles = listFiles(lessonsDir);
  if (lessonFiles.length === 0) {
    problems.push({
      file: file(lessonsDir),
      field: '',
      message: 'Khóa học chưa có bài học nào: hãy thêm lessons/01-ten-bai.mdx.',
    });
  }
  const seenNumbers = new Map<string, string>();
  const seenSlugs = new Map<string, string>();
  for (const name of lessonFiles) {
    const path = join(lessonsDir, name);
    const match = LESSON_FILE_PATTERN.exec(name);
    if (!match) {
      problems.push({
        file: file(path),
        field: '',
        message: 'Tên tệp bài học phải có dạng "01-ten-bai.mdx": số thứ tự, gạch ngang, tên viết thường không dấu.',
      });
      continue;
    }
    const [, number, slug] = match;
    if (seenNumbers.has(number))
      problems.push({
        file: file(path),
        field: '',
        message: `Số thứ tự ${number} đã dùng cho ${seenNumbers.get(number)}: mỗi bài cần một số riêng.`,
      });
    if (seenSlugs.has(slug))
      problems.push({
        file: file(path),
        field: '',
        message: `Tên bài "${slug}" đã dùng cho ${seenSlugs.get(slug)}: đường dẫn bài học sẽ trùng nhau.`,
      });
    seenNumbers.set(number, name);
    seenSlugs.set(slug, name);

    const source = readFileSync(path, 'utf8');
    const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
    if (!frontmatter) {
      problems.push({
        file: file(path),
        field: '',
        message: 'Bài học phải bắt đầu bằng phần thông tin giữa hai dòng "---" (title, summary, minutes).',
      });
      continue;
    }
    const data = parseYamlText(frontmatter[1], file(path), problems);
    if (data !== undefined) problems.push(...zodProblems(LessonSchema, data, file(path)));
    problems.push(
      ...checkLessonBody(source.slice(frontmatter[0].length), {
        file: file(path),
        lineOffset: frontmatter[0].split('\n').length - 1,
        videoIds: index.videoIds,
        caseStudyIds: new Set(index.caseStudyFiles.keys()),
        quizIds: new Set(listFiles(join(dir, 'quizzes')).map((name) => name.replace(/\.ya?ml$/, ''))),
        publicFileExists: (href) => existsSync(join(root, 'public', href)),
      }).map(({ kind: _kind, ...problem }) => problem),
    );
  }
  problems.push(...checkAssessment(root, dir));
  return problems;
}

/** Question banks and quizzes of one course: schemas, the bank a quiz draws from, one final test. */
function checkAssessment(root: string, dir: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const file = (path: string) => relative(root, path);
  const banks = new Map<string, QuestionBank | undefined>();
  const banksDir = join(dir, 'question-banks');
  for (const name of listFiles(banksDir)) {
    const path = join(banksDir, name);
    const match = SLUG_FILE_PATTERN.exec(name);
    if (!match) {
      problems.push({
        file: file(path),
        field: '',
        message: 'Tên tệp ngân hàng câu hỏi phải viết thường, không dấu, nối bằng gạch ngang, đuôi .yaml.',
      });
      continue;
    }
    const data = parseYaml(path, file(path), problems);
    const parsed = data === undefined ? undefined : QuestionBankSchema.safeParse(data);
    if (parsed && !parsed.success) problems.push(...zodProblems(QuestionBankSchema, data, file(path)));
    banks.set(match[1], parsed?.success ? parsed.data : undefined);
  }

  const quizzesDir = join(dir, 'quizzes');
  const finals: string[] = [];
  for (const name of listFiles(quizzesDir)) {
    const path = join(quizzesDir, name);
    if (!SLUG_FILE_PATTERN.test(name)) {
      problems.push({
        file: file(path),
        field: '',
        message: 'Tên tệp bài kiểm tra phải viết thường, không dấu, nối bằng gạch ngang, đuôi .yaml.',
      });
      continue;
    }
    const data = parseYaml(path, file(path), problems);
    if (data === undefined) continue;
    const parsed = QuizSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(QuizSchema, data, file(path)));
      continue;
    }
    const quiz = parsed.data;
    if (quiz.final) finals.push(file(path));
    if (!banks.has(quiz.bank)) {
      const known = [...banks.keys()].join(', ') || 'chưa có ngân hàng nào';
      problems.push({
        file: file(path),
        field: 'bank',
        message: `Ngân hàng câu hỏi "${quiz.bank}" không có trong ${file(banksDir)}/. Có: ${known}.`,
      });
      continue;
    }
    const bank = banks.get(quiz.bank);
    if (bank) problems.push(...drawProblems(quiz, bank, file(path)));
  }
  if (finals.length > 1) {
    for (const path of finals.slice(1)) {
      problems.push({
        file: path,
        field: 'final',
        message: `Khóa học chỉ có một bài kiểm tra cuối khóa, đã có ${finals[0]}: đặt final: false cho bài này.`,
      });
    }
  }
  return problems;
}

/**
 * Draw rules the bank cannot always satisfy. Rules draw in order without repeats, so a rule counts
 * only the questions that earlier rules cannot have taken, whatever they drew.
 */
function drawProblems(quiz: Quiz, bank: QuestionBank, file: string): ContentProblem[] {
  return drawShortfalls(quiz, bank).map(({ rule, message }) => ({ file, field: `draw.${rule}.count`, message }));
}

function missingMedia(root: string, file: string, video: Record<string, unknown>): ContentProblem[] {
  const paths: [string, string][] = [];
  (video.sources as { src: string }[]).forEach((source, i) => paths.push([`sources.${i}.src`, source.src]));
  paths.push(['captions', video.captions as string], ['poster', video.poster as string]);
  return paths
    .filter(([, href]) => !existsSync(join(root, 'public', href)))
    .map(([field, href]) => ({
      file,
      field,
      message: `Không tìm thấy tệp public${href}: hãy đặt tệp vào đó hoặc sửa đường dẫn.`,
    }));
}

function parseYaml(path: string, file: string, problems: ContentProblem[]): unknown {
  return parseYamlText(readFileSync(path, 'utf8'), file, problems);
}

function parseYamlText(text: string, file: string, problems: ContentProblem[]): unknown {
  try {
    return yaml.load(text) ?? {};
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    const line = mark ? ` ở dòng ${mark.line + 1}` : '';
    problems.push({
      file,
      field: '',
      message: `Không đọc được YAML${line}: kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép.`,
    });
    return undefined;
  }
}

function listDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isDirectory())
    .sort();
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isFile())
    .sort();
}

/** Re-exported for tests that check one schema against one value. */
export function problemsOf(schema: ZodType, data: unknown, file = 'tệp'): ContentProblem[] {
  return zodProblems(schema, data, file);
}
