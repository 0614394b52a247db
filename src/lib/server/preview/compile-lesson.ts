/**
 * Compiles a draft lesson's MDX body at request time, the way the build compiles a published one:
 * the same compiler as @astrojs/mdx's default processor (Sätteri) with the same features (GFM,
 * smart punctuation, Shiki code highlighting, heading ids), the Astro JSX runtime, and the same marks @astrojs/mdx puts on
 * a content component so Astro renders it with the MDX renderer.
 *
 * Evaluating MDX runs the author's JSX expressions on the server. Only the draft's writers and
 * reviewers reach a preview: the same people whose content the build would run when publishing.
 * Imports and exports are refused, so nothing but the author's own text is evaluated.
 */
import { mdxToJs } from 'satteri';
import { satteriCreateHighlightFn, satteriHeadingIdsPlugin, satteriHighlightPlugin } from '@astrojs/markdown-satteri';
import { markdownConfigDefaults } from '@astrojs/internal-helpers/markdown';
import { Fragment, jsx, jsxs } from 'astro/jsx-runtime';

/** A compiled lesson body: a component taking `components`, or why it does not compile. */
export type CompiledLesson =
  | { ok: true; Content: (props: { components?: Record<string, unknown> }) => unknown }
  | { ok: false; line: number | undefined; message: string };

const MODULE_LINE = /^\s*(import|export)\s/m;

type HighlightFn = Awaited<ReturnType<typeof satteriCreateHighlightFn>>;
let highlighter: Promise<HighlightFn> | undefined;

/** The code highlighter the build uses with the default Markdown settings, made once per process. */
function highlight(): Promise<HighlightFn> {
  highlighter ??= satteriCreateHighlightFn(markdownConfigDefaults.syntaxHighlight, markdownConfigDefaults.shikiConfig);
  return highlighter;
}

/** Compiles a lesson body (the MDX after the front matter). Never throws for bad MDX. */
export async function compileLessonBody(body: string): Promise<CompiledLesson> {
  const moduleLine = MODULE_LINE.exec(body);
  if (moduleLine) {
    return { ok: false, line: lineOf(body, moduleLine.index), message: 'Bài học không được có dòng import hay export: các thành phần đã có sẵn.' };
  }
  let code: string;
  try {
    const highlightFn = await highlight();
    const data = { astro: { frontmatter: {}, headings: [], localImagePaths: new Set<string>(), remoteImagePaths: new Set<string>() } };
    const result = await mdxToJs(body, {
      outputFormat: 'function-body',
      jsxImportSource: 'astro',
      elementAttributeNameCase: 'html',
      features: { gfm: true, smartPunctuation: true },
      // The order @astrojs/markdown-satteri uses: highlighting first, heading ids after.
      hastPlugins: [...(highlightFn ? [satteriHighlightPlugin(highlightFn, undefined)] : []), satteriHeadingIdsPlugin()],
      data,
    });
    code = result.code;
  } catch (error) {
    return compileError(error);
  }
  let MDXContent: (props: Record<string, unknown>) => unknown;
  try {
    // The function body reads the JSX runtime from its first argument and returns the exports.
    MDXContent = (new Function(code) as (runtime: unknown) => { default: typeof MDXContent })({ Fragment, jsx, jsxs }).default;
  } catch (error) {
    return compileError(error);
  }
  // As @astrojs/mdx's postprocess step does for every .mdx module.
  const Content = (props: { components?: Record<string, unknown> } = {}) => MDXContent({ ...props, components: { Fragment, ...props.components } });
  Object.assign(Content, { [Symbol.for('mdx-component')]: true, [Symbol.for('astro.needsHeadRendering')]: true, moduleId: 'draft.mdx' });
  // What Astro's __astro_tag_component__(Content, 'astro:jsx') does: render it with the MDX renderer.
  Object.defineProperty(Content, Symbol.for('astro:renderer'), { value: 'astro:jsx', enumerable: false, writable: false });
  return { ok: true, Content };
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** The compiler's message, with its "line:column:" prefix turned into a line number. */
function compileError(error: unknown): CompiledLesson {
  const raw = error instanceof Error ? error.message : String(error);
  const place = /^(\d+):(\d+)(?:-\d+:\d+)?:\s*/.exec(raw);
  return { ok: false, line: place ? Number(place[1]) : undefined, message: place ? raw.slice(place[0].length) : raw };
}
