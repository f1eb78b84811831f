// The convention as a PDF (pdf-lib, standard Helvetica): the parties, the legal mentions of an
// observation stage, both annexes and the signatures block. Helvetica speaks WinAnsi, which has
// every French letter (é, ç, œ, « », ’…); anything else is mapped to its closest letter, never dropped.
// The page writer is lib/pdf.ts.
import { OBSERVATION_CONDITIONS, type AgreementParty } from '@tremplin/contracts';
import {
  BLUE,
  GREY,
  PdfWriter,
  PLAIN_LETTERS,
  TYPOGRAPHY,
  type WriterLayout,
} from '../../lib/pdf.js';
import { frDate, frDateTime, frDuration, minutesOf, WEEKDAYS } from './dates.js';

export interface AgreementPdfInput {
  reference: string;
  version: string;
  status: 'signing' | 'signed' | 'completed' | 'cancelled';
  school: { name: string; uai: string; address: string; communeName: string };
  company: { name: string; siret: string; address: string; communeName: string };
  pupil: {
    name: string;
    birthDate: string | null;
    className: string | null;
    level: string | null;
  };
  guardianName: string | null;
  offerTitle: string;
  teachingAnnex: {
    referentTeacherName: string;
    tutorName: string;
    tutorRole: string;
    startDate: string;
    endDate: string;
    dailyHours: {
      day: number;
      start: string;
      end: string;
      breaks: { start: string; end: string }[];
    }[];
    objectives: string;
  };
  practicalAnnex: { meals: string; travel: string; insurance: string };
  signatures: { party: AgreementParty; signerName: string; signedAt: Date }[];
  scannedCopy: { uploadedAt: Date; uploadedByName: string | null } | null;
  generatedAt: Date;
}

/** Tighter headings than the passport's; line breaks read as spaces; no italic. */
const LAYOUT: WriterLayout = {
  heading: { keep: 40, before: 8, after: 6 },
  italic: false,
  fit: { extra: { ...TYPOGRAPHY, ...PLAIN_LETTERS }, whitespace: 'space' },
};

const STATUS_WORDS: Record<AgreementPdfInput['status'], string> = {
  signing: 'en cours de signature',
  signed: 'signée par toutes les parties',
  completed: 'signée, stage terminé',
  cancelled: 'annulée',
};

export const PARTY_TITLES: Record<AgreementParty, string> = {
  host: "Pour l'entreprise d'accueil",
  school: "Pour l'établissement (chef d'établissement)",
  pupil: "L'élève",
  guardian: 'Le représentant légal',
};

const LEVEL_WORDS: Record<string, string> = {
  '4e': '4e',
  '3e': '3e',
  '2de': 'seconde générale et technologique',
  pro: 'lycée professionnel',
};

function hoursLine(day: AgreementPdfInput['teachingAnnex']['dailyHours'][number]): {
  text: string;
  minutes: number;
} {
  const breaks = day.breaks.reduce((sum, b) => sum + minutesOf(b.end) - minutesOf(b.start), 0);
  const minutes = minutesOf(day.end) - minutesOf(day.start) - breaks;
  const pauses = day.breaks.map((b) => `${b.start}–${b.end}`).join(', ');
  return {
    text: `${day.start}–${day.end}${pauses ? `, pause ${pauses}` : ', sans pause'} (${frDuration(minutes)} de présence)`,
    minutes,
  };
}

export async function renderAgreementPdf(input: AgreementPdfInput): Promise<Uint8Array> {
  const w = await PdfWriter.create(
    {
      title: `Convention de stage ${input.reference}`,
      subject: `Convention de stage d'observation de ${input.pupil.name}`,
      at: input.generatedAt,
    },
    LAYOUT,
  );
  const t = input.teachingAnnex;

  w.text("Convention de stage d'observation en milieu professionnel", {
    size: 17,
    font: 'bold',
    color: BLUE,
    gap: 4,
  });
  w.text(
    `Référence ${input.reference} · du ${frDate(t.startDate)} au ${frDate(t.endDate)} · ${STATUS_WORDS[input.status]}`,
    { size: 10, color: GREY, gap: 8 },
  );

  w.heading('Les parties');
  w.text("L'établissement d'enseignement", { font: 'bold' });
  w.field('Nom', `${input.school.name} (UAI ${input.school.uai})`, 10);
  w.field(
    'Adresse',
    [input.school.address, input.school.communeName].filter(Boolean).join(', '),
    10,
  );
  w.field('Représenté par', "son chef d'établissement", 10);
  w.text("L'entreprise d'accueil", { font: 'bold' });
  w.field('Raison sociale', `${input.company.name} (SIRET ${input.company.siret})`, 10);
  w.field(
    'Adresse',
    [input.company.address, input.company.communeName].filter(Boolean).join(', '),
    10,
  );
  w.text("L'élève", { font: 'bold' });
  w.field('Nom', input.pupil.name, 10);
  if (input.pupil.birthDate) w.field('Né(e) le', frDate(input.pupil.birthDate), 10);
  w.field(
    'Classe',
    [input.pupil.className, input.pupil.level ? LEVEL_WORDS[input.pupil.level] : null]
      .filter(Boolean)
      .join(' — ') || 'non renseignée',
    10,
  );
  w.text('Son représentant légal', { font: 'bold' });
  w.field('Nom', input.guardianName ?? 'non renseigné', 10);

  w.heading('Conditions de la séquence d’observation');
  OBSERVATION_CONDITIONS.forEach((mention, i) => w.text(`${i + 1}. ${mention}`, { gap: 4 }));

  w.heading('Annexe pédagogique');
  w.field('Stage', input.offerTitle);
  w.field('Dates', `du ${frDate(t.startDate)} au ${frDate(t.endDate)} inclus`);
  w.field('Tuteur dans l’entreprise', [t.tutorName, t.tutorRole].filter(Boolean).join(', '));
  w.field('Professeur référent', t.referentTeacherName || 'à désigner par l’établissement');
  w.text('Horaires de présence', { font: 'bold', color: GREY });
  let week = 0;
  for (const day of [...t.dailyHours].sort((a, b) => a.day - b.day)) {
    const line = hoursLine(day);
    week += line.minutes;
    w.field(WEEKDAYS[day.day] ?? `Jour ${day.day}`, line.text, 10);
  }
  w.field('Total de la semaine', frDuration(week), 10);
  w.text('Objectifs', { font: 'bold', color: GREY });
  w.text(t.objectives, { indent: 10, gap: 4 });

  w.heading('Annexe pratique');
  w.field('Repas', input.practicalAnnex.meals);
  w.field('Trajets', input.practicalAnnex.travel);
  w.field('Assurance', input.practicalAnnex.insurance);

  w.heading('Signatures');
  w.text(
    'Chaque partie signe dans Tremplin (signature électronique simple : la date, l’heure et la provenance de chaque signature sont conservées). Le représentant légal signe par un lien personnel à usage unique.',
    { size: 9, color: GREY, gap: 6 },
  );
  const byParty = new Map(input.signatures.map((s) => [s.party, s]));
  for (const party of ['host', 'school', 'pupil', 'guardian'] as const) {
    const signature = byParty.get(party);
    w.ensure(44);
    const top = w.y;
    w.text(PARTY_TITLES[party], { font: 'bold', indent: 8 });
    if (signature) {
      w.text(`Signé par ${signature.signerName}, le ${frDateTime(signature.signedAt)}`, {
        indent: 8,
      });
    } else if (input.scannedCopy) {
      w.text('Signature portée sur l’exemplaire papier déposé', { indent: 8 });
    } else {
      w.text('En attente de signature', { indent: 8, color: GREY });
    }
    w.page.drawRectangle({
      x: w.margin,
      y: w.y - 2,
      width: w.width,
      height: top - w.y + 2,
      borderColor: signature ? BLUE : GREY,
      borderWidth: 0.6,
    });
    w.y -= 8;
  }
  if (input.scannedCopy) {
    w.text(
      `Un exemplaire signé sur papier a été déposé le ${frDateTime(input.scannedCopy.uploadedAt)}${
        input.scannedCopy.uploadedByName ? ` par ${input.scannedCopy.uploadedByName}` : ''
      } : il tient lieu des signatures qui manquent ci-dessus et peut être téléchargé depuis la convention dans Tremplin.`,
      { font: 'bold', gap: 4 },
    );
  }

  w.footer(
    `Convention ${input.reference} · version ${input.version} · éditée par Tremplin le ${frDateTime(input.generatedAt)}`,
  );
  return w.save();
}
