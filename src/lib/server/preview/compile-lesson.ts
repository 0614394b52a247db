/**
 * Compiles a draft lesson's MDX body at request time, the way the build compiles a published one:
 * the same compiler as @astrojs/mdx's default processor (Sätteri) with the same features (GFM,
 * smart punctuation, Shiki code highlighting, heading ids), the Astro JSX runtime, and the same marks @astrojs/mdx puts on
 * a content component so Astro renders it with the MDX renderer.
 *
 * Author text is never evaluated: a body is compiled only after the lesson check has refused
 * every import, export and `{…}` expression, so the compiled function only calls the JSX runtime
 * with literals. In depth, that function is made in its own V8 context (node:vm) with no
 * `process`, `require` or globals of the server, string-to-code compilation switched off, and
 * only the JSX runtime passed in.
 */
import { createContext, runInContext } from 'node:vm';
import { mdxToJs } from 'satteri';
import { satteriCreateHighlightFn, satteriHeadingIdsPlugin, satteriHighlightPlugin } from '@astrojs/markdown-satteri';
import { markdownConfigDefaults } from '@astrojs/internal-helpers/markdown';
import { Fragment, jsx, jsxs } from 'astro/jsx-runtime';
import { checkLessonBody, refusedProblems } from '../../lesson-body-check.ts';

/** A compiled lesson body: a component taking `components`, or why it does not compile. */
export type CompiledLesson =
  | { ok: true; Content: (props: { components?: Record<string, unknown> }) => unknown }
  | { ok: false; line: number | undefined; message: string };

type HighlightFn = Awaited<ReturnType<typeof satteriCreateHighlightFn>>;
let highlighter: Promise<HighlightFn> | undefined;

/** The code highlighter the build uses with the default Markdown settings, made once per process. */
function highlight(): Promise<HighlightFn> {
  highlighter ??= satteriCreateHighlightFn(markdownConfigDefaults.syntaxHighlight, markdownConfigDefaults.shikiConfig);
  return highlighter;
}

/** Compiles a lesson body (the MDX after the front matter). Never throws for bad MDX. */
export async function compileLessonBody(body: string): Promise<CompiledLesson> {
  const refused = refusedProblems(
    checkLessonBody(body, { file: 'body', videoIds: new Set(), caseStudyIds: new Set(), publicFileExists: () => true }),
  );
  if (refused.length > 0) {
    const line = /\d+/.exec(refused[0].field)?.[0];
    return { ok: false, line: line === undefined ? undefined : Number(line), message: refused[0].message };
  }
  let code: string;
  try {
    const highlightFn = await highlight();
    const data = {
      astro: { frontmatter: {}, headings: [], localImagePaths: new Set<string>(), remoteImagePaths: new Set<string>() },
    };
    const result = await mdxToJs(body, {
      outputFormat: 'function-body',
      jsxImportSource: 'astro',
      elementAttributeNameCase: 'html',
      features: { gfm: true, smartPunctuation: true },
      // The order @astrojs/markdown-satteri uses: highlighting first, heading ids after.
      hastPlugins: [
        ...(highlightFn ? [satteriHighlightPlugin(highlightFn, undefined)] : []),
        satteriHeadingIdsPlugin(),
      ],
      data,
    });
    code = result.code;
  } catch (error) {
    return compileError(error);
  }
  let MDXContent: (props: Record<string, unknown>) => unknown;
  try {
    // The function body reads the JSX runtime from its first argument and returns the exports.
    const sandbox = createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
    const factory = runInContext(`(function () { ${code}\n})`, sandbox, { timeout: 1000 }) as (runtime: unknown) => {
      default: typeof MDXContent;
    };
    MDXContent = factory({ Fragment, jsx, jsxs }).default;
  } catch (error) {
    return compileError(error);
  }
  // As @astrojs/mdx's postprocess step does for every .mdx module.
  const Content = (props: { components?: Record<string, unknown> } = {}) =>
    MDXContent({ ...props, components: { Fragment, ...props.components } });
  Object.assign(Content, {
    [Symbol.for('mdx-component')]: true,
    [Symbol.for('astro.needsHeadRendering')]: true,
    moduleId: 'draft.mdx',
  });
  // What Astro's __astro_tag_component__(Content, 'astro:jsx') does: render it with the MDX renderer.
  Object.defineProperty(Content, Symbol.for('astro:renderer'), {
    value: 'astro:jsx',
    enumerable: false,
    writable: false,
  });
  return { ok: true, Content };
}

/** The compiler's message, with its "line:column:" prefix turned into a line number. */
function compileError(error: unknown): CompiledLesson {
  const raw = error instanceof Error ? error.message : String(error);
  const place = /^(\d+):(\d+)(?:-\d+:\d+)?:\s*/.exec(raw);
  return { ok: false, line: place ? Number(place[1]) : undefined, message: place ? raw.slice(place[0].length) : raw };
}
