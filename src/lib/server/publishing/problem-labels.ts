/**
 * Content problems said for a writer: which item (by its title, in Vietnamese) and which field
 * (a readable label with the key). Reads the titles from the checked tree.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishProblem } from '../../authoring/vocabulary.ts';
import type { ContentProblem } from '../../../integrations/content-check/problems.ts';
import { lessonOrderFromPath } from '../../content-paths.ts';
import { parseLessonText, parseYamlText } from '../../authoring/content-text.ts';

const FIELD_LABELS: Record<string, string> = {
  title: 'Tiêu đề',
  summary: 'Tóm tắt',
  minutes: 'Thời lượng',
  required: 'Bắt buộc',
  kind: 'Loại hình đào tạo',
  fields: 'Lĩnh vực',
  audiences: 'Đối tượng',
  hours: 'Số giờ',
  days: 'Số ngày',
  objectives: 'Mục tiêu',
  version: 'Phiên bản',
  instructors: 'Giảng viên',
  name: 'Tên',
  organisation: 'Đơn vị',
  status: 'Trạng thái',
  sample: 'Nội dung mẫu',
  updated: 'Ngày cập nhật',
  legalBases: 'Căn cứ pháp lý',
  legalBasis: 'Căn cứ pháp lý',
  context: 'Bối cảnh',
  role: 'Vai trò',
  start: 'Điểm bắt đầu',
  decisions: 'Điểm quyết định',
  options: 'Phương án',
  label: 'Nhãn',
  next: 'Bước tiếp theo',
  outcome: 'Kết quả',
  consequence: 'Hệ quả',
  commentary: 'Nhận xét',
  prompt: 'Câu hỏi',
  id: 'Mã',
  sources: 'Tệp video',
  src: 'Đường dẫn tệp',
  type: 'Loại',
  captions: 'Phụ đề',
  poster: 'Ảnh đại diện',
  transcript: 'Lời thoại',
  durationSeconds: 'Thời lượng (giây)',
  questions: 'Câu hỏi',
  correct: 'Đáp án đúng',
  difficulty: 'Độ khó',
  explanation: 'Giải thích',
  legalReference: 'Căn cứ pháp lý',
  points: 'Điểm',
  scenario: 'Tình huống',
  tags: 'Nhãn',
  text: 'Nội dung',
  bank: 'Ngân hàng câu hỏi',
  draw: 'Quy tắc rút câu',
  count: 'Số câu',
  feedback: 'Phản hồi',
  final: 'Kiểm tra cuối khóa',
  passPercent: 'Điểm đạt (%)',
  attemptsAllowed: 'Số lần làm',
  shuffleOptions: 'Trộn phương án',
  shuffleQuestions: 'Trộn câu hỏi',
  timeLimitMinutes: 'Thời gian làm bài (phút)',
  waitMinutesBetweenAttempts: 'Thời gian chờ giữa hai lần (phút)',
};

/**
 * "minutes" → "Thời lượng (minutes)"; "draw.0.count" → "Số câu (draw.0.count)"; a lesson body's
 * "dòng 3" → "Nội dung bài (body), dòng 3"; unknown → as is.
 */
export function fieldLabel(field: string): string {
  if (!field) return '';
  if (/^dòng \d+(, cột \d+)?$/.test(field)) return `Nội dung bài (body), ${field}`;
  const key =
    field
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? field;
  const label = FIELD_LABELS[key];
  return label ? `${label} (${field})` : field;
}

function quoted(title: string | undefined, fallback: string): string {
  return `“${title && title.trim() ? title.trim() : fallback}”`;
}

function yamlTitle(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = parseYamlText(readFileSync(file, 'utf8'));
    const title = data && typeof data === 'object' ? (data as { title?: unknown }).title : undefined;
    return typeof title === 'string' ? title : undefined;
  } catch {
    return undefined;
  }
}

/** Names the item a file (relative to `root`, "content/…") holds, by its title. */
export function whereOf(root: string, file: string): string {
  const path = file.split(/[\\/]/);
  const name = path.at(-1) ?? file;
  const base = name.replace(/\.(mdx?|ya?ml)$/, '');
  const absolute = join(root, file);
  if (path[0] === 'content' && path[1] === 'videos') return `Video ${quoted(yamlTitle(absolute), base)}`;
  if (path[0] !== 'content' || path[1] !== 'courses') return file;
  const folder = path[3];
  if (path.length === 4 && name === 'course.yaml') return 'Thông tin khóa học';
  if (path.length === 3 || (path.length === 4 && name !== 'course.yaml' && !folder.includes('.'))) {
    if (folder === 'lessons') return 'Danh sách bài học';
    return 'Thông tin khóa học';
  }
  if (folder === 'lessons') {
    const dir = join(root, ...path.slice(0, 4));
    const ordered = existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => /\.mdx?$/.test(n))
          .sort((a, b) => lessonOrderFromPath(a) - lessonOrderFromPath(b))
      : [];
    const number = ordered.indexOf(name) + 1;
    let title: string | undefined;
    if (existsSync(absolute)) {
      const data = parseLessonText(readFileSync(absolute, 'utf8')).data;
      title = typeof data?.title === 'string' ? data.title : undefined;
    }
    return `Bài${number > 0 ? ` ${number}` : ''} ${quoted(title, base)}`;
  }
  if (folder === 'case-studies') return `Tình huống ${quoted(yamlTitle(absolute), base)}`;
  if (folder === 'question-banks') return `Ngân hàng câu hỏi ${quoted(yamlTitle(absolute), base)}`;
  if (folder === 'quizzes') return `Bài kiểm tra ${quoted(yamlTitle(absolute), base)}`;
  return file;
}

/**
 * A lesson problem's "dòng N" counted in the body, as the writer sees it in the editor (the
 * content check counts lines of the file, front matter included, as a developer sees it).
 */
function bodyPlace(root: string, file: string, field: string): string {
  const place = /^dòng (\d+)(.*)$/.exec(field);
  const absolute = join(root, file);
  if (!place || !/\.mdx?$/.test(file) || !existsSync(absolute)) return field;
  const text = readFileSync(absolute, 'utf8');
  const frontMatterLines = text.slice(0, text.length - parseLessonText(text).body.length).split('\n').length - 1;
  return `dòng ${Math.max(1, Number(place[1]) - frontMatterLines)}${place[2]}`;
}

/** A content problem as a writer reads it. */
export function publishProblemOf(root: string, problem: ContentProblem): PublishProblem {
  return {
    file: problem.file,
    where: whereOf(root, problem.file),
    field: fieldLabel(bodyPlace(root, problem.file, problem.field)),
    message: problem.message,
  };
}
