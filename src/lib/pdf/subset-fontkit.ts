/**
 * fontkit as pdf-lib needs it to embed subsets of Noto Serif that every PDF reader can draw.
 *
 * Why: @pdf-lib/fontkit 1.1.1 copies each glyph's bytes into the subset unpadded, then, when the
 * subset is under 64 KB, writes the short `loca` format, which stores offsets divided by two. A
 * glyph of odd length (Noto Serif has many) shifts every later glyph off by one byte: pdf.js
 * (Firefox's viewer) then drops those glyphs and draws words with letters missing, while text
 * extraction still looks right. Padding each glyph to an even length, which TrueType allows,
 * keeps every offset exact. `_addGlyph`, `glyf` and `offset` are that version's internals; if
 * they are absent the subset is left as fontkit makes it.
 */
import fontkit from '@pdf-lib/fontkit';

/** What pdf-lib's registerFontkit() expects. */
type Fontkit = Parameters<import('pdf-lib').PDFDocument['registerFontkit']>[0];

/** The subset's internals this module relies on. */
interface TtfSubsetInternals {
  _addGlyph?: (glyphId: number) => number;
  glyf: { length: number; copy(target: unknown): number; constructor: new (size: number) => Record<number, number> }[];
  offset: number;
}

/** Makes a TrueType subset pad each glyph it adds to an even number of bytes. */
function padGlyphs(subset: TtfSubsetInternals): void {
  const addGlyph = subset._addGlyph;
  if (typeof addGlyph !== 'function') return;
  subset._addGlyph = function (this: TtfSubsetInternals, glyphId: number): number {
    const index = addGlyph.call(this, glyphId);
    if (this.offset % 2 === 1) {
      const original = this.glyf[index];
      // fontkit's own Buffer class (its bundled polyfill), as its encoder requires.
      const padded = new original.constructor(original.length + 1);
      original.copy(padded);
      padded[original.length] = 0;
      this.glyf[index] = padded as unknown as TtfSubsetInternals['glyf'][number];
      this.offset += 1;
    }
    return index;
  };
}

/** fontkit whose fonts make subsets with even glyph offsets (see above). */
export const subsetSafeFontkit: Fontkit = {
  create(data, postscriptName) {
    const font = fontkit.create(data, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      padGlyphs(subset as unknown as TtfSubsetInternals);
      return subset;
    };
    return font;
  },
};
