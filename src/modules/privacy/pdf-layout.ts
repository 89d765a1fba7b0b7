/**
 * pdfkit lays out every word with fontkit's full OpenType shaper (substitution and
 * positioning lookups), which is most of the time a long register extract takes. Text in
 * the scripts that need no shaping (Latin, Greek, Cyrillic, common punctuation and symbols,
 * without combining marks) is laid out here instead, glyph by glyph at its advance width:
 * the same glyphs, without kerning. Anything else (Arabic, combining marks, other scripts)
 * still goes through the shaper. This reaches into pdfkit's font object, so it checks the
 * shape it expects and leaves the font alone otherwise.
 */
interface Glyph {
  readonly advanceWidth: number;
}

interface EmbeddedFontLike {
  scale: number;
  font: { glyphsForString(text: string): Glyph[] };
  layoutRun(text: string, features?: unknown): unknown;
}

const NEEDS_NO_SHAPING =
  /^[\u0020-\u02ff\u0370-\u052f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u215f]*$/;

const isEmbeddedFont = (f: unknown): f is EmbeddedFontLike => {
  const x = f as Partial<EmbeddedFontLike> | null;
  return (
    typeof x?.layoutRun === 'function' &&
    typeof x.scale === 'number' &&
    typeof x.font?.glyphsForString === 'function'
  );
};

export const simpleLayout = (doc: PDFKit.PDFDocument): void => {
  const families = (doc as unknown as { _fontFamilies?: Record<string, unknown> })._fontFamilies ?? {};
  for (const font of Object.values(families)) {
    if (!isEmbeddedFont(font)) continue;
    const shaped = font.layoutRun.bind(font);
    font.layoutRun = (text, features) => {
      if (features || !NEEDS_NO_SHAPING.test(text)) return shaped(text, features);
      const glyphs = font.font.glyphsForString(text);
      const positions = [];
      let advanceWidth = 0;
      for (const g of glyphs) {
        const a = g.advanceWidth * font.scale;
        positions.push({ xAdvance: a, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: a });
        advanceWidth += a;
      }
      return { glyphs, positions, advanceWidth };
    };
  }
};
