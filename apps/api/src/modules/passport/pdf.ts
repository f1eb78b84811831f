// The passport as a clean A4 PDF (pdf-lib, standard Helvetica), to hand to an employer or bring
// to the "oral du brevet": the pupil, then their visible entries grouped by what they did, each
// dated with its source and what others said. Its page layout (on lib/pdf.ts) is shared with the
// employer's impact report. Helvetica speaks WinAnsi: French letters are kept, anything else is
// reduced to its base letter, or left out when it has none.
import {
  BLUE,
  GREY,
  type PdfMeta,
  PdfWriter,
  TYPOGRAPHY,
  type WriterLayout,
} from '../../lib/pdf.js';
import type { PassportEntry, PassportKind, SchoolLevel } from '@tremplin/contracts';
import { frDate, frDateTime, parisToday } from '../agreements/dates.js';

const LAYOUT: WriterLayout = {
  heading: { keep: 48, before: 10, after: 8 },
  italic: true,
  fit: { extra: TYPOGRAPHY, whitespace: 'keep', missing: '' },
};

/** The passport's page writer, which the employer's impact report uses too. */
export const PageWriter = { create: (meta: PdfMeta) => PdfWriter.create(meta, LAYOUT) };
export { BLUE };

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
