// The passport as a clean A4 PDF (pdf-lib, standard Helvetica), to hand to an employer or bring
// to the "oral du brevet": the pupil, then their visible entries grouped by what they did, each
// dated with its source and what others said. The small page writer here is shared with the
// employer's impact report. Helvetica speaks WinAnsi: French letters are kept, anything else is
// reduced to its base letter, never dropped.
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { PassportEntry, PassportKind, SchoolLevel } from '@tremplin/contracts';
import { frDate, frDateTime, parisToday } from '../agreements/dates.js';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 50;
export const BLUE = rgb(0.114, 0.306, 0.537);
export const GREY = rgb(0.29, 0.33, 0.38);
export const BLACK = rgb(0.1, 0.12, 0.14);
type Colour = typeof BLACK;

/** Maps a text onto what the font can draw: accents kept, others reduced to their base letter. */
function fitter(font: PDFFont) {
  const known = new Set(font.getCharacterSet());
  const extra: Record<string, string> = {
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
  return (text: string): string => {
    let out = '';
    for (const ch of text.replace(/\r\n?/g, '\n')) {
      if (ch === '\n') out += '\n';
      else if (ch === '\t') out += ' ';
      else if (known.has(ch.codePointAt(0)!)) out += ch;
      else if (extra[ch] !== undefined) out += extra[ch];
      else {
        const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
        out += base && [...base].every((c) => known.has(c.codePointAt(0)!)) ? base : '';
      }
    }
    return out;
  };
}

/** Writes flowing text down A4 pages, opening a new page when one is full. */
export class PageWriter {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  readonly fit: (text: string) => string;

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly italic: PDFFont,
  ) {
    this.fit = fitter(regular);
    this.newPage();
  }

  static async create(meta: { title: string; subject: string; at: Date }) {
    const doc = await PDFDocument.create();
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setAuthor('Tremplin');
    doc.setCreator('Tremplin');
    doc.setLanguage('fr-FR');
    doc.setCreationDate(meta.at);
    const [regular, bold, italic] = await Promise.all([
      doc.embedFont(StandardFonts.Helvetica),
      doc.embedFont(StandardFonts.HelveticaBold),
      doc.embedFont(StandardFonts.HelveticaOblique),
    ]);
    return new PageWriter(doc, regular, bold, italic);
  }

  get width() {
    return PAGE.width - 2 * MARGIN;
  }

  newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - MARGIN;
  }

  ensure(height: number) {
    if (this.y - height < MARGIN + 20) this.newPage();
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

  text(
    text: string,
    options: {
      size?: number;
      font?: 'regular' | 'bold' | 'italic';
      color?: Colour;
      indent?: number;
      gap?: number;
    } = {},
  ) {
    const size = options.size ?? 10;
    const font = this[options.font ?? 'regular'];
    const x = MARGIN + (options.indent ?? 0);
    const lineHeight = size * 1.35;
    for (const line of this.wrap(text, font, size, PAGE.width - MARGIN - x)) {
      this.ensure(lineHeight);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: options.color ?? BLACK });
      this.y -= lineHeight;
    }
    this.y -= options.gap ?? 2;
  }

  heading(text: string) {
    this.ensure(48);
    this.y -= 10;
    this.text(text, { size: 13, font: 'bold', color: BLUE, gap: 2 });
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 1 },
      end: { x: PAGE.width - MARGIN, y: this.y + 1 },
      thickness: 0.8,
      color: BLUE,
    });
    this.y -= 8;
  }

  /** A label and its figure on one line, the figure right-aligned. */
  figure(label: string, value: string, indent = 0) {
    const size = 10;
    this.ensure(size * 1.4);
    const x = MARGIN + indent;
    const shown = this.fit(value);
    const valueWidth = this.bold.widthOfTextAtSize(shown, size);
    const labelLines = this.wrap(label, this.regular, size, this.width - indent - valueWidth - 12);
    labelLines.forEach((line, i) => {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x, y: this.y - size, size, font: this.regular, color: BLACK });
      if (i === 0) {
        this.page.drawText(shown, {
          x: PAGE.width - MARGIN - valueWidth,
          y: this.y - size,
          size,
          font: this.bold,
          color: BLACK,
        });
      }
      this.y -= size * 1.4;
    });
  }

  /** The same footer on every page, with its number. */
  footer(text: string) {
    const count = this.pages.length;
    this.pages.forEach((page, i) => {
      page.drawText(this.fit(`${text} · page ${i + 1}/${count}`), {
        x: MARGIN,
        y: MARGIN - 20,
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

export interface PassportPdfInput {
  student: { name: string; schoolName: string | null; className: string | null };
  level: SchoolLevel | null;
  entries: PassportEntry[];
  generatedAt: Date;
}

/** The sections of the PDF, in the order a reader expects them. */
const SECTIONS: { title: string; kinds: PassportKind[] }[] = [
  { title: 'Stages en milieu professionnel', kinds: ['stage'] },
  { title: 'Découverte des métiers', kinds: ['module', 'visit'] },
  { title: 'Mentorat', kinds: ['mentoring'] },
  { title: 'Challenges école–entreprise', kinds: ['challenge'] },
  { title: 'Mes réflexions', kinds: ['reflection'] },
];

const LEVEL_WORDS: Record<SchoolLevel, string> = {
  '4e': '4e',
  '3e': '3e',
  '2de': 'seconde générale et technologique',
  pro: 'lycée professionnel',
};

export async function renderPassportPdf(input: PassportPdfInput): Promise<Uint8Array> {
  const w = await PageWriter.create({
    title: `Passeport de compétences de ${input.student.name}`,
    subject: 'Ce que j’ai découvert du monde professionnel, avec Tremplin',
    at: input.generatedAt,
  });
  w.text('Mon passeport de compétences', { size: 20, font: 'bold', color: BLUE, gap: 6 });
  w.text(input.student.name, { size: 15, font: 'bold', gap: 2 });
  const school = [
    input.student.className
      ? `Classe de ${input.student.className}`
      : input.level
        ? `Élève de ${LEVEL_WORDS[input.level]}`
        : null,
    input.student.schoolName,
  ]
    .filter(Boolean)
    .join(' · ');
  if (school) w.text(school, { size: 11, color: GREY, gap: 2 });
  w.text(
    `Ce que j’ai découvert du monde professionnel : stages, découverte des métiers, mentorat, challenges et mes réflexions. Document édité le ${frDate(parisToday(input.generatedAt))}.`,
    { size: 10, color: GREY, gap: 6 },
  );

  if (input.entries.length === 0) {
    w.heading('Mon parcours');
    w.text('Aucune étape n’est encore affichée dans ce passeport.', { color: GREY });
  }
  for (const section of SECTIONS) {
    const entries = input.entries
      .filter((e) => section.kinds.includes(e.kind))
      // Oldest first on paper: a path reads in the order it was walked.
      .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
    if (entries.length === 0) continue;
    w.heading(section.title);
    for (const entry of entries) {
      w.ensure(60);
      w.text(entry.title, { size: 11, font: 'bold', gap: 1 });
      w.text(`${frDate(entry.occurredOn)} · ${entry.sourceLabel}`, {
        size: 9,
        color: GREY,
        gap: 3,
      });
      if (entry.description) w.text(entry.description, { gap: 3 });
      if (entry.appraisal) {
        w.text(`${entry.kind === 'challenge' ? 'Résultat' : 'Appréciation'} : ${entry.appraisal}`, {
          font: 'italic',
          indent: 12,
          gap: 3,
        });
      }
      w.y -= 6;
    }
  }
  w.footer(
    `Passeport de compétences de ${input.student.name} · édité par Tremplin le ${frDateTime(input.generatedAt)}`,
  );
  return w.save();
}
