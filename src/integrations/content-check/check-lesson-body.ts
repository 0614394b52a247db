import { PACKAGE_ID_PATTERN } from '../../lib/server/h5p/storage.ts';
import type { ContentProblem } from './problems.ts';

/** Components a lesson may use; the lesson page provides them, so lessons import nothing. */
export const LESSON_COMPONENTS = ['Video', 'CaseStudy', 'KeyPoints', 'LegalRef', 'Callout', 'Download', 'H5P', 'Quiz'] as const;

interface BodyContext {
  file: string;
  videoIds: ReadonlySet<string>;
  caseStudyIds: ReadonlySet<string>;
  /** File names (without .yaml) of the course's quizzes; when absent, quiz ids are not checked. */
  quizIds?: ReadonlySet<string>;
  publicFileExists: (href: string) => boolean;
}

/** Checks a lesson's MDX body: known components, existing videos, case studies and handouts. */
export function checkLessonBody(body: string, context: BodyContext): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const at = (index: number) => `dòng ${body.slice(0, index).split('\n').length}`;
  const problem = (index: number, message: string) => problems.push({ file: context.file, field: at(index), message });

  for (const match of body.matchAll(/<!--/g)) {
    problem(match.index, 'Không dùng chú thích HTML "<!-- -->" trong MDX: hãy viết {/* chú thích */}.');
  }
  for (const match of body.matchAll(/^\s*(import|export)\s/gm)) {
    problem(match.index, 'Bài học không cần import hay export: các thành phần Video, CaseStudy, KeyPoints, LegalRef, Callout, Download, H5P, Quiz đã có sẵn.');
  }
  for (const match of body.matchAll(/<([A-Z][A-Za-z0-9]*)\b([^>]*)>/g)) {
    const [, name, attributes] = match;
    if (!(LESSON_COMPONENTS as readonly string[]).includes(name)) {
      problem(match.index, `Thành phần <${name}> không có. Dùng một trong: ${LESSON_COMPONENTS.join(', ')}.`);
      continue;
    }
    const id = /\bid="([^"]*)"/.exec(attributes)?.[1];
    if (name === 'Video' && (id === undefined || !context.videoIds.has(id))) {
      problem(match.index, `<Video id="${id ?? ''}"> không khớp video nào trong content/videos/. Có: ${[...context.videoIds].join(', ') || '(chưa có video)'}.`);
    }
    if (name === 'CaseStudy' && (id === undefined || !context.caseStudyIds.has(id))) {
      problem(match.index, `<CaseStudy id="${id ?? ''}"> không khớp tình huống nào. Có: ${[...context.caseStudyIds].join(', ') || '(chưa có tình huống)'}.`);
    }
    if (name === 'Quiz' && context.quizIds && (id === undefined || !context.quizIds.has(id))) {
      problem(match.index, `<Quiz id="${id ?? ''}">: trường id không khớp bài kiểm tra nào của khóa học (tên tệp trong quizzes/, không có .yaml). Có: ${[...context.quizIds].join(', ') || '(chưa có bài kiểm tra)'}.`);
    }
    if (name === 'H5P' && (id === undefined || !PACKAGE_ID_PATTERN.test(id) || !/\btitle="[^"]*\S[^"]*"/.test(attributes))) {
      problem(match.index, `<H5P id="${id ?? ''}">: cần id là mã gói đã nhập ở /quan-tri/h5p/ (chữ thường không dấu, số, gạch ngang) và title, ví dụ <H5P id="phan-loai-don" title="Phân loại đơn" />.`);
    }
    if (name === 'Download') {
      const href = /\bhref="([^"]*)"/.exec(attributes)?.[1];
      if (!href || !href.startsWith('/media/') || !context.publicFileExists(href)) {
        problem(match.index, `<Download href="${href ?? ''}">: tệp phải nằm trong public/media/ và có thật, ví dụ "/media/handouts/mau-so.txt".`);
      }
    }
  }
  return problems;
}
