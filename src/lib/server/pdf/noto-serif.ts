/**
 * Noto Serif for the PDFs the platform prints (certificates, yearly reports): regular and bold,
 * embedded as subsets through the padded fontkit (src/lib/pdf/subset-fontkit.ts explains why),
 * so Vietnamese letters render in every reader and copy as text. Only the files' bytes are kept
 * between documents: a parsed font is not reused, because fontkit's glyph cache mixes up subsets
 * across documents.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { subsetSafeFontkit } from '../../pdf/subset-fontkit.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
} as const;

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** The font files, read once. */
function fonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  fontBytes ??= Promise.all([readFile(require.resolve(FONT_FILES.regular)), readFile(require.resolve(FONT_FILES.bold))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((error: unknown) => {
      fontBytes = undefined;
      throw error;
    });
  return fontBytes;
}

/** What pdf-lib's registerFontkit() expects. */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** The part of a fontkit glyph run pdf-lib reads (CustomFontEmbedder: ids and advance widths). */
interface GlyphRun {
  glyphs: unknown[];
}

/**
 * The padded fontkit whose fonts lay text out word by word, remembering each word: pdf-lib lays
 * a string out to measure it and again to draw it, and shaping Noto Serif (marks stacked over
 * Vietnamese vowels) costs about a millisecond a string, which made a report of a few hundred
 * cells take a second. Shaping never crosses a space in Vietnamese text, and pdf-lib uses only
 * the glyphs and their advance widths, so joining the words' glyphs gives the same result.
 * A font is made per document, so the cache goes with the document.
 */
const wordCachingFontkit: Fontkit = {
  create(data, postscriptName) {
    const font = subsetSafeFontkit.create(data, postscriptName);
    const shaped = font as unknown as { layout: (text: string, ...rest: unknown[]) => GlyphRun };
    const layout = shaped.layout.bind(font);
    const words = new Map<string, unknown[]>();
    shaped.layout = (text: string, ...rest: unknown[]) => {
      const glyphs: unknown[] = [];
      for (const part of text.split(/( )/)) {
        if (part === '') continue;
        let run = words.get(part);
        if (run === undefined) {
          run = layout(part, ...rest).glyphs;
          words.set(part, run);
        }
        glyphs.push(...run);
      }
      return { glyphs };
    };
    return font;
  },
};

/** Embeds Noto Serif regular and bold (as subsets) into a new document. */
export async function embedNotoSerif(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const { regular, bold } = await fonts();
  doc.registerFontkit(wordCachingFontkit);
  const [regularFont, boldFont] = await Promise.all([
    doc.embedFont(regular, { subset: true }),
    doc.embedFont(bold, { subset: true }),
  ]);
  return { regular: regularFont, bold: boldFont };
}

const wordWidths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * Width of a word at size 1, remembered per embedded font: fontkit lays out every string it
 * measures (about a millisecond each), and wrapping measures the same words again and again.
 */
function wordWidth(font: PDFFont, word: string): number {
  let widths = wordWidths.get(font);
  if (!widths) {
    widths = new Map();
    wordWidths.set(font, widths);
  }
  let width = widths.get(word);
  if (width === undefined) {
    width = font.widthOfTextAtSize(word, 1);
    widths.set(word, width);
  }
  return width;
}

/** Lines of at most `maxWidth` points, broken between words (a single long word is left whole). */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const space = wordWidth(font, ' ') * size;
  let line = '';
  let lineWidth = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const width = wordWidth(font, word) * size;
    if (line && lineWidth + space + width > maxWidth) {
      lines.push(line);
      line = word;
      lineWidth = width;
    } else {
      lineWidth = line ? lineWidth + space + width : width;
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
