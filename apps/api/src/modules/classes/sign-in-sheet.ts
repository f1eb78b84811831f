// The printable sign-in sheet of a class: one cut-out block per pupil with their name, class,
// sign-in code and how to sign in for the first time. A4, ten blocks a page, dashed cut lines.
import { type PDFFont, type PDFPage, type RGB, rgb, StandardFonts } from 'pdf-lib';
import {
  A4,
  BLACK as INK,
  createPdf,
  type FitOptions,
  fitter,
  GREY as MUTED,
  PLAIN_LETTERS,
  sizeToFit,
} from '../../lib/pdf.js';

export interface SheetPupil {
  firstName: string;
  lastName: string;
  loginCode: string;
}

export interface SheetInput {
  schoolName: string;
  className: string;
  pupils: SheetPupil[];
  /** The web app's public address, e.g. https://tremplin.valdemarne.fr */
  webUrl: string;
}

const MARGIN = 28;
const HEADER = 26;
const COLUMNS = 2;
const ROWS = 5;
const BLUE = rgb(0.11, 0.31, 0.54);

/**
 * The standard PDF fonts only know Windows-1252 characters: anything else (a name written in
 * another alphabet, a rare diacritic) falls back to its base letter, or to "?"; a lone accent
 * is left out.
 */
const PRINTABLE: FitOptions = { extra: { ...PLAIN_LETTERS, Ħ: 'H', ħ: 'h' }, bareAccent: '' };

/** Writes mapped text, shrunk (down to 6 pt) and then cut with an ellipsis to fit the width. */
function fitText(
  page: PDFPage,
  font: PDFFont,
  full: string,
  at: { x: number; y: number; size: number; maxWidth: number; color?: RGB },
) {
  const size = sizeToFit(font, full, at.size, at.maxWidth, 6);
  let text = full;
  if (font.widthOfTextAtSize(full, size) > at.maxWidth) {
    let n = full.length;
    while (n > 1 && font.widthOfTextAtSize(`${full.slice(0, n)}…`, size) > at.maxWidth) n--;
    text = `${full.slice(0, n)}…`;
  }
  page.drawText(text, { x: at.x, y: at.y, size, font, color: at.color ?? INK });
}

function dashedRect(page: PDFPage, x: number, y: number, width: number, height: number) {
  const options = { thickness: 0.7, color: MUTED, dashArray: [4, 3] };
  page.drawLine({ start: { x, y }, end: { x: x + width, y }, ...options });
  page.drawLine({ start: { x, y: y + height }, end: { x: x + width, y: y + height }, ...options });
  page.drawLine({ start: { x, y }, end: { x, y: y + height }, ...options });
  page.drawLine({ start: { x: x + width, y }, end: { x: x + width, y: y + height }, ...options });
}

export async function renderSignInSheet(input: SheetInput): Promise<Uint8Array> {
  const pdf = await createPdf({
    title: `Codes de connexion – ${input.className} – ${input.schoolName}`,
  });
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  // All three fonts speak WinAnsi: one mapper serves them.
  const printable = fitter(regular, PRINTABLE);

  const address = `${input.webUrl.replace(/\/+$/, '')}/premiere-connexion`;
  const blockWidth = (A4.width - 2 * MARGIN) / COLUMNS;
  const blockHeight = (A4.height - 2 * MARGIN - HEADER) / ROWS;
  const perPage = COLUMNS * ROWS;
  const pages = Math.max(1, Math.ceil(input.pupils.length / perPage));

  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([A4.width, A4.height]);
    fitText(
      page,
      bold,
      printable(`Codes de connexion Tremplin – ${input.className} – ${input.schoolName}`),
      {
        x: MARGIN,
        y: A4.height - MARGIN - 12,
        size: 11,
        maxWidth: A4.width - 2 * MARGIN - 90,
      },
    );
    page.drawText(printable(`À découper – page ${p + 1}/${pages}`), {
      x: A4.width - MARGIN - 88,
      y: A4.height - MARGIN - 12,
      size: 8,
      font: regular,
      color: MUTED,
    });
    if (input.pupils.length === 0) {
      page.drawText(printable("Aucun élève de cette classe n'a de code de connexion."), {
        x: MARGIN,
        y: A4.height - MARGIN - HEADER - 20,
        size: 11,
        font: regular,
        color: INK,
      });
    }
    input.pupils.slice(p * perPage, (p + 1) * perPage).forEach((pupil, i) => {
      const column = i % COLUMNS;
      const row = Math.floor(i / COLUMNS);
      const x = MARGIN + column * blockWidth;
      const top = A4.height - MARGIN - HEADER - row * blockHeight;
      dashedRect(page, x, top - blockHeight, blockWidth, blockHeight);
      const left = x + 12;
      const width = blockWidth - 24;
      fitText(page, regular, printable(`Tremplin · ${input.schoolName}`), {
        x: left,
        y: top - 18,
        size: 8,
        maxWidth: width,
        color: MUTED,
      });
      fitText(page, bold, printable(`${pupil.firstName} ${pupil.lastName}`), {
        x: left,
        y: top - 36,
        size: 13,
        maxWidth: width,
      });
      fitText(page, regular, printable(`Classe : ${input.className}`), {
        x: left,
        y: top - 50,
        size: 9.5,
        maxWidth: width,
      });
      fitText(page, regular, printable('Ton code de connexion :'), {
        x: left,
        y: top - 66,
        size: 9,
        maxWidth: width,
      });
      fitText(page, mono, printable(pupil.loginCode), {
        x: left,
        y: top - 86,
        size: 19,
        maxWidth: width,
        color: BLUE,
      });
      const steps = [
        `1. Va sur ${address}`,
        '2. « Première connexion » : tape ce code, choisis ton mot de passe.',
        '3. Ensuite, connecte-toi avec ce code et ton mot de passe.',
        'Garde ce papier. Code perdu ? Demande à ton professeur.',
      ];
      steps.forEach((line, n) =>
        fitText(page, n === 3 ? bold : regular, printable(line), {
          x: left,
          y: top - 102 - n * 11,
          size: 8,
          maxWidth: width,
        }),
      );
    });
  }
  return pdf.save();
}
