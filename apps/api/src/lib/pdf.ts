// Drawing Tremplin's PDFs with pdf-lib and the standard fonts, in one place: the document's
// metadata, a mapper that turns any text into what the WinAnsi fonts can draw (instead of
// failing on a ’, a non-breaking space, a ł or an emoji), and a writer that flows text down A4
// pages (wrapping, page breaks, headings, label–value lines, numbered footers). The convention,
// the passport (and the employer's impact report), the challenge certificate and a class's
// sign-in sheet use it; each keeps its own content and layout.
import { PDFDocument, type PDFFont, type PDFPage, type RGB, rgb, StandardFonts } from 'pdf-lib';

export const A4 = { width: 595.28, height: 841.89 } as const;
export const BLUE = rgb(0.114, 0.306, 0.537);
export const GREY = rgb(0.29, 0.33, 0.38);
export const BLACK = rgb(0.1, 0.12, 0.14);

export interface PdfMeta {
  title: string;
  subject?: string;
  /** The creation date (pdf-lib's clock when not given). */
  at?: Date;
}

/** An empty document, by Tremplin, in French. */
export async function createPdf(meta: PdfMeta): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title);
  if (meta.subject !== undefined) doc.setSubject(meta.subject);
  doc.setAuthor('Tremplin');
  doc.setCreator('Tremplin');
  doc.setLanguage('fr-FR');
  if (meta.at) doc.setCreationDate(meta.at);
  return doc;
}

/** Dashes, thin spaces and signs the WinAnsi fonts lack. */
export const TYPOGRAPHY: Readonly<Record<string, string>> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u00a0': ' ',
  '≤': '<=',
  '≥': '>=',
  '→': '->',
};

/** Letters with no accent to strip (NFD leaves them whole). */
export const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
};

export interface FitOptions {
  /** Stand-ins for characters the font lacks, tried before stripping accents. */
  extra?: Readonly<Record<string, string>>;
  /**
   * Line breaks and tabs: 'keep' line breaks (as \n, for `wrap` to cut paragraphs) and make tabs
   * spaces; make both 'space's; 'collapse' every run of white space into one space; or 'none'.
   */
  whitespace?: 'keep' | 'space' | 'collapse' | 'none';
  /** What stands for a character with no drawable base letter ('?' unless told). */
  missing?: string;
  /** What stands for an accent on its own, nothing left once stripped (`missing` unless told). */
  bareAccent?: string;
}

/**
 * Maps a text onto what the font can draw: its own characters kept (French letters, « », ’…),
 * then `extra`, then the letter without its accents, else `missing`.
 */
export function fitter(font: PDFFont, options: FitOptions = {}): (text: string) => string {
  const known = new Set(font.getCharacterSet());
  const { extra = {}, whitespace = 'none', missing = '?', bareAccent = missing } = options;
  const drawable = (s: string) => [...s].every((c) => known.has(c.codePointAt(0) ?? -1));
  return (text) => {
    let prepared = text;
    if (whitespace === 'collapse') prepared = text.replace(/\s+/g, ' ');
    else if (whitespace === 'space') prepared = text.replace(/\r\n?|[\n\t]/g, ' ');
    else if (whitespace === 'keep') prepared = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
    let out = '';
    for (const ch of prepared) {
      const stand = extra[ch];
      if (drawable(ch) || (ch === '\n' && whitespace === 'keep')) out += ch;
      else if (stand !== undefined) out += stand;
      else {
        const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
        out += base === '' ? bareAccent : drawable(base) ? base : missing;
      }
    }
    return out;
  };
}

/** The largest size, from `size` down by half points to `min`, at which the text fits `width`. */
export function sizeToFit(font: PDFFont, text: string, size: number, width: number, min: number) {
  let s = size;
  while (s > min && font.widthOfTextAtSize(text, s) > width) s -= 0.5;
  return s;
}

export interface WriterLayout {
  /** Room a heading needs before the page turns, and the space above and below it. */
  heading: { keep: number; before: number; after: number };
  /** Embeds Helvetica Oblique for `font: 'italic'` (drawn in regular otherwise). */
  italic: boolean;
  fit: FitOptions;
}

export interface TextOptions {
  size?: number;
  font?: 'regular' | 'bold' | 'italic';
  color?: RGB;
  indent?: number;
  gap?: number;
}

/** Writes flowing text down A4 pages, opening a new page when one is full. */
export class PdfWriter {
  readonly margin = 50;
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  readonly fit: (text: string) => string;

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly italic: PDFFont | undefined,
    private readonly layout: WriterLayout,
  ) {
    this.fit = fitter(regular, layout.fit);
    this.newPage();
  }

  static async create(meta: PdfMeta, layout: WriterLayout) {
    const doc = await createPdf(meta);
    const [regular, bold, italic] = await Promise.all([
      doc.embedFont(StandardFonts.Helvetica),
      doc.embedFont(StandardFonts.HelveticaBold),
      layout.italic ? doc.embedFont(StandardFonts.HelveticaOblique) : undefined,
    ]);
    return new PdfWriter(doc, regular, bold, italic, layout);
  }

  /** The width between the margins. */
  get width() {
    return A4.width - 2 * this.margin;
  }

  newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - this.margin;
  }

  /** Turns the page unless `height` points still fit above the bottom margin. */
  ensure(height: number) {
    if (this.y - height < this.margin + 20) this.newPage();
  }

  /** Lines of at most `width` points, cut at spaces (or inside a word too long to fit). */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of this.fit(text).split(/\s*\n\s*/)) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** A paragraph, wrapped to the right margin, then `gap` points of space. */
  text(text: string, options: TextOptions = {}) {
    const size = options.size ?? 10;
    const font =
      options.font === 'italic' ? (this.italic ?? this.regular) : this[options.font ?? 'regular'];
    const x = this.margin + (options.indent ?? 0);
    const lineHeight = size * 1.35;
    for (const line of this.wrap(text, font, size, A4.width - this.margin - x)) {
      this.ensure(lineHeight);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: options.color ?? BLACK });
      this.y -= lineHeight;
    }
    this.y -= options.gap ?? 2;
  }

  /** A blue title underlined across the page, kept with what follows it. */
  heading(text: string) {
    const { keep, before, after } = this.layout.heading;
    this.ensure(keep);
    this.y -= before;
    this.text(text, { size: 13, font: 'bold', color: BLUE, gap: 2 });
    this.page.drawLine({
      start: { x: this.margin, y: this.y + 1 },
      end: { x: A4.width - this.margin, y: this.y + 1 },
      thickness: 0.8,
      color: BLUE,
    });
    this.y -= after;
  }

  /** A label in bold followed by its value on the same line (wrapped under the value). */
  field(label: string, value: string, indent = 0) {
    const size = 10;
    const labelText = this.fit(`${label} : `);
    const labelWidth = this.bold.widthOfTextAtSize(labelText, size);
    const x = this.margin + indent;
    const width = A4.width - this.margin - x - labelWidth;
    this.wrap(value || '—', this.regular, size, width).forEach((line, i) => {
      this.ensure(size * 1.35);
      if (i === 0) {
        this.page.drawText(labelText, { x, y: this.y - size, size, font: this.bold, color: GREY });
      }
      const at = { x: x + labelWidth, y: this.y - size };
      this.page.drawText(line, { ...at, size, font: this.regular, color: BLACK });
      this.y -= size * 1.35;
    });
    this.y -= 1;
  }

  /** A label and its figure on one line, the figure right-aligned. */
  figure(label: string, value: string, indent = 0) {
    const size = 10;
    this.ensure(size * 1.4);
    const x = this.margin + indent;
    const shown = this.fit(value);
    const valueWidth = this.bold.widthOfTextAtSize(shown, size);
    const labelLines = this.wrap(label, this.regular, size, this.width - indent - valueWidth - 12);
    labelLines.forEach((line, i) => {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x, y: this.y - size, size, font: this.regular, color: BLACK });
      if (i === 0) {
        const at = { x: A4.width - this.margin - valueWidth, y: this.y - size };
        this.page.drawText(shown, { ...at, size, font: this.bold, color: BLACK });
      }
      this.y -= size * 1.4;
    });
  }

  /** The same footer on every page, with its number. */
  footer(text: string) {
    const count = this.pages.length;
    this.pages.forEach((page, i) => {
      page.drawText(this.fit(`${text} · page ${i + 1}/${count}`), {
        x: this.margin,
        y: this.margin - 20,
        size: 8,
        font: this.regular,
        color: GREY,
      });
    });
  }

  save() {
    return this.doc.save();
  }
}
