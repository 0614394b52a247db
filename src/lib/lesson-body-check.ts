/**
 * The one check of a lesson body (the MDX after the front matter), used by `npm run
 * content:check`, the build, every authoring save, the preview and the publish step.
 *
 * The body is parsed with the parser the build compiles it with (Sätteri's MDX parser) and the
 * syntax tree is walked against an allowlist: Markdown nodes, and the documented lesson
 * components with literal attributes checked by their zod schemas. No import/export, no `{…}`
 * expression anywhere, no raw HTML element, no link or image that leaves the site's rules. With
 * these refused the compiled body is inert: it only calls the JSX runtime with literals.
 *
 * Problems are of two kinds: `refused` (the text is not allowed at all: nothing is saved) and
 * `reference` (an id or file that does not exist yet: a draft may be saved unfinished, but it
 * cannot be published).
 */
import { mdxToMdast } from 'satteri';
import type { ZodType } from 'astro/zod';
import { LESSON_COMPONENT_RULES, LESSON_COMPONENTS, type LessonComponentName } from '../schemas/lesson-components.ts';
import { linkTargetProblem, mediaPathProblem } from './safe-url.ts';

/** The parser options the build uses (@astrojs/mdx's defaults through @astrojs/markdown-satteri). */
export const LESSON_PARSE_FEATURES = { gfm: true, smartPunctuation: true } as const;

/** Deeper than this, a body is refused: no lesson needs it, and rendering recurses once a level. */
export const MAX_NESTING = 40;

export interface LessonBodyContext {
  /** The file named in problems. */
  file: string;
  /** Lines before the body in the file (the front matter), so problems name file lines. */
  lineOffset?: number;
  videoIds: ReadonlySet<string>;
  caseStudyIds: ReadonlySet<string>;
  /** File names (without .yaml) of the course's quizzes; when absent, quiz ids are not checked. */
  quizIds?: ReadonlySet<string>;
  /** Whether a checked "/media/…" path names an existing file. */
  publicFileExists: (href: string) => boolean;
}

export interface LessonBodyProblem {
  file: string;
  /** "dòng L, cột C". */
  field: string;
  message: string;
  kind: 'refused' | 'reference';
}

/** Markdown node types a lesson may contain (GFM included); anything else is refused. */
const MARKDOWN_NODES = new Set([
  'root',
  'paragraph',
  'heading',
  'text',
  'emphasis',
  'strong',
  'delete',
  'list',
  'listItem',
  'blockquote',
  'thematicBreak',
  'break',
  'inlineCode',
  'code',
  'link',
  'image',
  'linkReference',
  'imageReference',
  'definition',
  'table',
  'tableRow',
  'tableCell',
  'footnoteReference',
  'footnoteDefinition',
]);

/** What to write in Markdown instead of an HTML element an author may know. */
const MARKDOWN_FOR: Record<string, string> = {
  a: '[chữ hiện ra](https://địa-chỉ)',
  img: '![mô tả ảnh](/media/anh/ten-anh.png)',
  b: '**chữ đậm**',
  strong: '**chữ đậm**',
  i: '*chữ nghiêng*',
  em: '*chữ nghiêng*',
  h1: '# Tiêu đề',
  h2: '## Tiêu đề',
  h3: '### Tiêu đề',
  h4: '#### Tiêu đề',
  ul: 'mỗi dòng bắt đầu bằng "- "',
  ol: 'mỗi dòng bắt đầu bằng "1. "',
  li: 'mỗi dòng bắt đầu bằng "- "',
  p: 'một dòng trống giữa hai đoạn',
  br: 'hai dấu cách ở cuối dòng, hoặc một đoạn mới',
  table: 'bảng Markdown | cột | cột |',
  blockquote: '> trích dẫn',
  code: '`mã`',
  hr: '---',
};

interface Node {
  type: string;
  name?: string | null;
  value?: unknown;
  url?: string;
  identifier?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
  position?: { start: { line: number; column: number } };
}

/** Checks a lesson body; an empty list means it may be published. Never throws. */
export function checkLessonBody(body: string, context: LessonBodyContext): LessonBodyProblem[] {
  const problems: LessonBodyProblem[] = [];
  const offset = context.lineOffset ?? 0;
  const add = (
    kind: LessonBodyProblem['kind'],
    line: number | undefined,
    column: number | undefined,
    message: string,
  ) => {
    const field = line === undefined ? '' : `dòng ${line + offset}${column === undefined ? '' : `, cột ${column}`}`;
    problems.push({ file: context.file, field, message, kind });
  };

  let tree: Node;
  try {
    tree = mdxToMdast(body, { features: LESSON_PARSE_FEATURES, position: true }) as unknown as Node;
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const place = /^(\d+):(\d+)(?:-\d+:\d+)?:\s*/.exec(raw);
    // The parser's "(note: …)" suggests MDX comments or JSX, both refused here: drop it.
    const reason = (place ? raw.slice(place[0].length) : raw)
      .replace(/\s*\([a-z-]+:[a-z-]+\)$/, '')
      .replace(/\s*\(note: [\s\S]*$/, '');
    add(
      'refused',
      place ? Number(place[1]) : undefined,
      place ? Number(place[2]) : undefined,
      `${parseHint(body, place)} (Trình đọc MDX báo: ${reason})`,
    );
    return problems;
  }

  const definitions = definitionsOf(tree);
  // Iterative, so a deeply nested body cannot overflow the stack of the server checking it.
  const stack: { node: Node; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    const line = node.position?.start.line;
    const column = node.position?.start.column;
    const refuse = (message: string) => add('refused', line, column, message);
    if (depth > MAX_NESTING) {
      refuse(
        `Nội dung lồng nhau quá ${MAX_NESTING} tầng (danh sách trong trích dẫn trong danh sách…): hãy viết phẳng hơn.`,
      );
      continue;
    }
    let descend = true;
    switch (node.type) {
      case 'mdxjsEsm':
        refuse(
          `Không dùng import hay export: các thành phần ${LESSON_COMPONENTS.join(', ')} đã có sẵn. Hãy xóa dòng này.`,
        );
        descend = false;
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        refuse(expressionMessage(String(node.value ?? '')));
        descend = false;
        break;
      case 'html':
        refuse('Không dùng HTML trong bài học: hãy viết bằng Markdown.');
        descend = false;
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        descend = checkElement(node, context, refuse, (message) => add('reference', line, column, message));
        break;
      case 'link':
      case 'definition': {
        const problem = linkTargetProblem(node.url ?? '');
        if (problem) {
          refuse(
            `Liên kết "${shown(node.url)}" không được phép: ${problem}. Chỉ dùng https://, http://, mailto:, tel: hoặc đường dẫn trong trang bắt đầu bằng "/".`,
          );
        }
        break;
      }
      case 'image':
      case 'imageReference': {
        // A reference image takes its address from a definition: the same media rule applies to it.
        const url =
          node.type === 'image' ? (node.url ?? '') : definitions.get(String(node.identifier ?? '').toLowerCase());
        if (url === undefined) break;
        const problem = mediaPathProblem(url);
        if (problem) {
          refuse(
            `Ảnh "${shown(url)}" không được phép: ${problem}. Ảnh phải là tệp đã tải lên trong /media/, ví dụ ![Sơ đồ quy trình](/media/anh/so-do.png).`,
          );
        } else if (!context.publicFileExists(url)) {
          add('reference', line, column, `Không thấy ảnh ${url}: hãy tải tệp lên /media/ hoặc sửa đường dẫn.`);
        }
        break;
      }
      default:
        if (!MARKDOWN_NODES.has(node.type)) {
          refuse(`Phần "${node.type}" không được dùng trong bài học: hãy viết bằng Markdown.`);
          descend = false;
        }
    }
    if (descend)
      for (const child of [...(node.children ?? [])].reverse()) stack.push({ node: child, depth: depth + 1 });
  }
  return problems.sort((a, b) => lineOf(a) - lineOf(b));
}

/** The problems of the refused kind: a body without any may be saved, even unfinished. */
export function refusedProblems(problems: readonly LessonBodyProblem[]): LessonBodyProblem[] {
  return problems.filter((problem) => problem.kind === 'refused');
}

/** Link reference definitions by identifier ([r]: url), as references resolve them (case-insensitive). */
function definitionsOf(tree: Node): Map<string, string> {
  const definitions = new Map<string, string>();
  const stack = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition') {
      const identifier = String(node.identifier ?? '').toLowerCase();
      // The first definition of a label wins, as in CommonMark.
      if (!definitions.has(identifier)) definitions.set(identifier, node.url ?? '');
    }
    stack.push(...(node.children ?? []));
  }
  return definitions;
}

function lineOf(problem: LessonBodyProblem): number {
  return Number(/\d+/.exec(problem.field)?.[0] ?? 0);
}

/** A value shown inside a message: one line, bounded. */
function shown(value: unknown): string {
  const text = String(value ?? '').replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function expressionMessage(source: string): string {
  if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(source)) {
    return 'Không dùng chú thích {/* … */} trong bài học: bài học chỉ gồm nội dung người học đọc. Ghi chú cho người duyệt hãy viết ở phần nhận xét khi gửi duyệt.';
  }
  return `Không dùng biểu thức {${shown(source)}}: bài học là văn bản, không chạy mã. Muốn hiện dấu ngoặc nhọn, hãy viết \\{ và \\}.`;
}

/** The Vietnamese sentence for a body the parser cannot read, with the usual causes. */
function parseHint(body: string, place: RegExpExecArray | null): string {
  const lineText = place ? (body.split('\n')[Number(place[1]) - 1] ?? '') : '';
  if (lineText.includes('<!--')) return 'Không dùng chú thích HTML "<!-- -->" trong bài học: hãy xóa nó.';
  if (/<https?:|<mailto:|<www\./i.test(lineText))
    return 'Không viết địa chỉ trong dấu < >: hãy viết [chữ hiện ra](https://địa-chỉ) hoặc chỉ ghi địa chỉ.';
  return 'Không đọc được nội dung bài học ở chỗ này. Thường là dấu "<" hay "{" đứng một mình: hãy viết \\< hoặc \\{, hoặc đóng thẻ thành phần cho đúng.';
}

type Report = (message: string) => void;

/** Checks one JSX element; returns whether its children are to be walked. */
function checkElement(node: Node, context: LessonBodyContext, refuse: Report, missing: Report): boolean {
  const name = node.name;
  if (!name) {
    refuse('Không dùng thẻ rỗng <>…</>: hãy bỏ nó, nội dung bên trong vẫn hiện.');
    return false;
  }
  if (!(LESSON_COMPONENTS as string[]).includes(name)) {
    if (/^[a-z]/.test(name) || name.includes('.') || name.includes(':')) {
      const instead = MARKDOWN_FOR[name.toLowerCase()];
      refuse(
        `Không dùng thẻ HTML <${shown(name)}> trong bài học${instead ? `: hãy viết ${instead}` : ': hãy viết bằng Markdown hoặc một thành phần có sẵn'}.`,
      );
    } else {
      refuse(`Thành phần <${shown(name)}> không có. Dùng một trong: ${LESSON_COMPONENTS.join(', ')}.`);
    }
    return false;
  }
  const component = name as LessonComponentName;
  const rule = LESSON_COMPONENT_RULES[component];
  // No prototype: an attribute named __proto__ must land as a key the strict schema then refuses.
  const values: Record<string, unknown> = Object.create(null);
  let literal = true;
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) {
      refuse(`<${component}>: không dùng {…} để gộp thuộc tính; hãy ghi từng thuộc tính, ví dụ title="…".`);
      literal = false;
      continue;
    }
    if (Object.hasOwn(values, attribute.name)) {
      refuse(`<${component}>: thuộc tính ${shown(attribute.name)} ghi hai lần; hãy giữ một.`);
      literal = false;
      continue;
    }
    const value = literalValue(attribute.value);
    if (value === undefined) {
      refuse(
        `<${component}>: thuộc tính ${shown(attribute.name)} phải là chữ trong ngoặc kép, ví dụ ${shown(attribute.name)}="…"${component === 'LegalRef' ? ' (riêng năm viết year={2020})' : ''}; không dùng biểu thức.`,
      );
      literal = false;
      continue;
    }
    values[attribute.name] = value;
  }
  if (!rule.children && (node.children?.length ?? 0) > 0) {
    refuse(`<${component}> không chứa nội dung bên trong: hãy viết <${component} … /> rồi để nội dung ra ngoài.`);
  }
  if (!literal) return false;
  const parsed = (rule.attributes as ZodType).safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length ? `thuộc tính ${issue.path.join('.')}` : 'thuộc tính';
      const message =
        issue.code === 'unrecognized_keys'
          ? `<${component}> không có thuộc tính ${(issue as { keys: string[] }).keys.map(shown).join(', ')}.`
          : `<${component}> ${where}: ${issue.message}`;
      refuse(message);
    }
    return rule.children;
  }
  checkReferences(component, values, context, missing);
  return rule.children;
}

/** A literal attribute value: a string, or a whole number written {2020}; undefined otherwise. */
function literalValue(value: unknown): string | number | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'mdxJsxAttributeValueExpression') {
    const source = String((value as { value?: unknown }).value ?? '');
    return /^\s*\d{1,6}\s*$/.test(source) ? Number(source) : undefined;
  }
  return undefined;
}

/** Ids and files a component names must exist (a draft may be saved before they do). */
function checkReferences(
  component: LessonComponentName,
  values: Record<string, unknown>,
  context: LessonBodyContext,
  missing: Report,
): void {
  const id = String(values.id ?? '');
  const known = (ids: Iterable<string>, none: string) => [...ids].join(', ') || none;
  if (component === 'Video' && !context.videoIds.has(id)) {
    missing(
      `<Video id="${id}"> không khớp video nào trong content/videos/. Có: ${known(context.videoIds, '(chưa có video)')}.`,
    );
  }
  if (component === 'CaseStudy' && !context.caseStudyIds.has(id)) {
    missing(
      `<CaseStudy id="${id}"> không khớp tình huống nào. Có: ${known(context.caseStudyIds, '(chưa có tình huống)')}.`,
    );
  }
  if (component === 'Quiz' && context.quizIds && !context.quizIds.has(id)) {
    missing(
      `<Quiz id="${id}">: trường id không khớp bài kiểm tra nào của khóa học (tên tệp trong quizzes/, không có .yaml). Có: ${known(context.quizIds, '(chưa có bài kiểm tra)')}.`,
    );
  }
  if (component === 'Download' && !context.publicFileExists(String(values.href))) {
    missing(
      `<Download href="${String(values.href)}">: không thấy tệp này; hãy tải tệp lên public/media/ hoặc sửa đường dẫn, ví dụ "/media/handouts/mau-so.txt".`,
    );
  }
}

/** Everything exists: for checking what a body may contain, without its references. */
const ANY_REFERENCE: Omit<LessonBodyContext, 'file'> = {
  videoIds: { has: () => true } as unknown as ReadonlySet<string>,
  caseStudyIds: { has: () => true } as unknown as ReadonlySet<string>,
  publicFileExists: () => true,
};

/**
 * A zod refinement for a lesson body arriving in a form: what the allowlist refuses becomes one
 * issue each, so nothing refused is ever written (unknown ids are left to the draft's problems).
 */
export function refuseUnsafeLessonBody(
  body: string,
  ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void },
): void {
  for (const problem of refusedProblems(checkLessonBody(body, { file: 'body', ...ANY_REFERENCE }))) {
    ctx.addIssue({
      code: 'custom',
      message: `${problem.field ? `Nội dung, ${problem.field}: ` : ''}${problem.message}`,
    });
  }
}
