// The participation certificate (attestation de participation) as a one-page landscape PDF
// (pdf-lib, standard Helvetica). Helvetica speaks WinAnsi: French letters are kept, anything else
// is reduced to its base letter rather than dropped.
import { StandardFonts } from 'pdf-lib';
import { A4, BLACK, BLUE, createPdf, fitter, GREY, sizeToFit } from '../../lib/pdf.js';
import { frDate, frDateTime, parisToday } from '../agreements/dates.js';

export interface CertificateInput {
  pupilName: string;
  challengeTitle: string;
  organisers: string[];
  teamName: string;
  schoolName: string;
  className: string;
  launchOn: string;
  juryOn: string;
  /** Published results: the team's rank, out of how many ranked teams. */
  rank: { rank: number; of: number } | null;
  issuedAt: Date;
  reference: string;
}

/** A4 landscape. */
const PAGE = { width: A4.height, height: A4.width };
const DASHES = { '\u2011': '-', '\u2212': '-' };

const ordinal = (n: number) => (n === 1 ? '1re' : `${n}e`);

export async function renderCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const doc = await createPdf({
    title: `Attestation de participation – ${input.challengeTitle}`,
    subject: `Attestation de participation de ${input.pupilName}`,
    at: input.issuedAt,
  });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  // White space made single spaces; only the dashes mapped (other signs become "?").
  const fit = fitter(regular, { extra: DASHES, whitespace: 'collapse' });
  const page = doc.addPage([PAGE.width, PAGE.height]);

  page.drawRectangle({
    x: 24,
    y: 24,
    width: PAGE.width - 48,
    height: PAGE.height - 48,
    borderColor: BLUE,
    borderWidth: 3,
  });
  page.drawRectangle({
    x: 32,
    y: 32,
    width: PAGE.width - 64,
    height: PAGE.height - 64,
    borderColor: BLUE,
    borderWidth: 0.8,
  });

  /** A line centred on the page, shrunk until it fits the width. */
  const centred = (text: string, y: number, size: number, font = regular, color = BLACK) => {
    const line = fit(text);
    const s = sizeToFit(font, line, size, PAGE.width - 120, 8);
    const width = font.widthOfTextAtSize(line, s);
    page.drawText(line, { x: (PAGE.width - width) / 2, y, size: s, font, color });
  };

  centred(
    'Tremplin · Challenges école–entreprise du Val-de-Marne',
    PAGE.height - 80,
    12,
    regular,
    GREY,
  );
  centred('Attestation de participation', PAGE.height - 130, 32, bold, BLUE);
  centred('Nous attestons que', PAGE.height - 185, 14);
  centred(input.pupilName, PAGE.height - 225, 28, bold);
  centred(
    `élève de ${input.className} à ${input.schoolName}, a participé au challenge école–entreprise`,
    PAGE.height - 265,
    14,
  );
  centred(`« ${input.challengeTitle} »`, PAGE.height - 300, 20, bold, BLUE);
  centred(
    `proposé par ${input.organisers.join(' et ')}, du ${frDate(input.launchOn)} au ${frDate(input.juryOn)},`,
    PAGE.height - 335,
    14,
  );
  centred(`au sein de l'équipe « ${input.teamName} ».`, PAGE.height - 360, 14);
  if (input.rank) {
    centred(
      `Classement du jury : ${ordinal(input.rank.rank)} sur ${input.rank.of} équipe${input.rank.of > 1 ? 's' : ''}.`,
      PAGE.height - 400,
      16,
      bold,
    );
  } else {
    centred(
      'Les résultats du jury ne sont pas encore publiés.',
      PAGE.height - 400,
      12,
      regular,
      GREY,
    );
  }
  centred(`Fait le ${frDate(parisToday(input.issuedAt))}`, PAGE.height - 450, 12);
  page.drawText(
    fit(
      `Attestation ${input.reference} · éditée par Tremplin le ${frDateTime(input.issuedAt)} · plateforme école–entreprise du Département du Val-de-Marne`,
    ),
    { x: 48, y: 44, size: 8, font: regular, color: GREY },
  );
  return doc.save();
}
