// Internship agreements (conventions de stage): the parties, the teaching and practical annexes,
// the four signatures, the guardian's single-use link, the scanned copy, and after the stage.
import { type Static, Type } from 'typebox';
import { IsoDate, IsoDateTime, PageQuery, SchoolLevelSchema, Uuid } from './common.js';

export const AgreementStatuses = ['signing', 'signed', 'completed', 'cancelled'] as const;
export type AgreementStatus = (typeof AgreementStatuses)[number];
export const AgreementStatusSchema = Type.Enum(AgreementStatuses);

/** The four parties who sign: host company, head of school, pupil, legal guardian. */
export const AgreementParties = ['host', 'school', 'pupil', 'guardian'] as const;
export type AgreementParty = (typeof AgreementParties)[number];
export const AgreementPartySchema = Type.Enum(AgreementParties);
/** Parties who sign with an account (the guardian signs through a link). */
export const AccountParties = ['host', 'school', 'pupil'] as const;
export type AccountParty = (typeof AccountParties)[number];

const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'Time of day, HH:MM (24 h).',
});

/** One day of the stage's hours: presence from start to end, minus the breaks. */
export const AgreementHoursDay = Type.Object(
  {
    /** 1 = Monday … 7 = Sunday. */
    day: Type.Integer({ minimum: 1, maximum: 7 }),
    start: ClockTime,
    end: ClockTime,
    breaks: Type.Array(Type.Object({ start: ClockTime, end: ClockTime }), { maxItems: 4 }),
  },
  { additionalProperties: false },
);
export type AgreementHoursDay = Static<typeof AgreementHoursDay>;

export const TeachingAnnexSchema = Type.Object(
  {
    referentTeacherName: Type.String({ maxLength: 120 }),
    tutorName: Type.String({ minLength: 1, maxLength: 120 }),
    tutorRole: Type.String({ maxLength: 120 }),
    startDate: IsoDate,
    endDate: IsoDate,
    dailyHours: Type.Array(AgreementHoursDay, { minItems: 1, maxItems: 7 }),
    objectives: Type.String({ minLength: 1, maxLength: 3000 }),
  },
  { additionalProperties: false },
);
export type TeachingAnnexBody = Static<typeof TeachingAnnexSchema>;

export const PracticalAnnexSchema = Type.Object(
  {
    meals: Type.String({ minLength: 1, maxLength: 1500 }),
    travel: Type.String({ minLength: 1, maxLength: 1500 }),
    insurance: Type.String({ minLength: 1, maxLength: 1500 }),
  },
  { additionalProperties: false },
);
export type PracticalAnnexBody = Static<typeof PracticalAnnexSchema>;

/**
 * Version stamp of an agreement's content (its last change, ISO date-time). A signer sends the
 * version they read, so nobody signs a text changed since they opened it.
 */
export const AgreementVersion = Type.String({ minLength: 1, maxLength: 40 });

export const UpdateAnnexesBody = Type.Object(
  {
    teachingAnnex: TeachingAnnexSchema,
    practicalAnnex: PracticalAnnexSchema,
    version: AgreementVersion,
    /** Parties have signed already: say yes to clear their signatures (they sign again). */
    clearSignatures: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type UpdateAnnexesBody = Static<typeof UpdateAnnexesBody>;

export const SignAgreementBody = Type.Object(
  {
    as: Type.Enum(AccountParties),
    version: AgreementVersion,
    /** The browser's user agent, when the web app relays the signature; else this request's. */
    userAgent: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SignAgreementBody = Static<typeof SignAgreementBody>;

export const AgreementSignature = Type.Object({
  party: AgreementPartySchema,
  signerName: Type.String(),
  signedAt: IsoDateTime,
});
export type AgreementSignature = Static<typeof AgreementSignature>;

export const GuardianLinkStates = ['active', 'used', 'expired', 'replaced'] as const;
export type GuardianLinkState = (typeof GuardianLinkStates)[number];

export const AgreementGuardianLink = Type.Object({
  /** The address the link went to, partly hidden (k***@example.fr). */
  sentTo: Type.String(),
  sentAt: IsoDateTime,
  expiresAt: IsoDateTime,
  state: Type.Enum(GuardianLinkStates),
});
export type AgreementGuardianLink = Static<typeof AgreementGuardianLink>;

/** What the person asking may do with this agreement now. */
export const AgreementAbilities = Type.Object({
  editAnnexes: Type.Boolean(),
  signAs: Type.Array(Type.Enum(AccountParties)),
  sendGuardianLink: Type.Boolean(),
  uploadScan: Type.Boolean(),
  confirmAttendance: Type.Boolean(),
  giveFeedback: Type.Boolean(),
  readGuardianMails: Type.Boolean(),
});
export type AgreementAbilities = Static<typeof AgreementAbilities>;

const Place = {
  name: Type.String(),
  address: Type.String(),
  communeName: Type.String(),
};

export const Agreement = Type.Object({
  id: Uuid,
  /** A short reference printed on the convention, e.g. "CV-2026-1A2B3C4D". */
  reference: Type.String(),
  status: AgreementStatusSchema,
  version: AgreementVersion,
  applicationId: Uuid,
  offerId: Uuid,
  offerTitle: Type.String(),
  school: Type.Object({ id: Uuid, uai: Type.String(), ...Place }),
  company: Type.Object({ id: Uuid, siret: Type.String(), ...Place }),
  pupil: Type.Object({
    id: Uuid,
    firstName: Type.String(),
    lastName: Type.String(),
    birthDate: Type.Union([IsoDate, Type.Null()]),
    className: Type.Union([Type.String(), Type.Null()]),
    level: Type.Union([SchoolLevelSchema, Type.Null()]),
  }),
  guardian: Type.Object({
    name: Type.Union([Type.String(), Type.Null()]),
    /** Whether the school knows an e-mail address to send the signing link to. */
    hasEmail: Type.Boolean(),
  }),
  referentTeacherId: Type.Union([Uuid, Type.Null()]),
  teachingAnnex: TeachingAnnexSchema,
  practicalAnnex: PracticalAnnexSchema,
  signatures: Type.Array(AgreementSignature),
  guardianLink: Type.Union([AgreementGuardianLink, Type.Null()]),
  scannedCopy: Type.Union([
    Type.Object({
      contentType: Type.String(),
      uploadedAt: IsoDateTime,
      uploadedByName: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  afterStage: Type.Object({
    attendanceConfirmedAt: Type.Union([IsoDateTime, Type.Null()]),
    tutorAppraisal: Type.Union([Type.String(), Type.Null()]),
    pupilFeedback: Type.Union([Type.String(), Type.Null()]),
    /** From this date on, the tutor and the pupil can close the stage (its last day). */
    opensOn: IsoDate,
  }),
  can: AgreementAbilities,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Agreement = Static<typeof Agreement>;

export const AgreementSummary = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: AgreementStatusSchema,
  pupilName: Type.String(),
  className: Type.Union([Type.String(), Type.Null()]),
  schoolName: Type.String(),
  companyName: Type.String(),
  offerTitle: Type.String(),
  startDate: IsoDate,
  endDate: IsoDate,
  signedParties: Type.Array(AgreementPartySchema),
  hasScannedCopy: Type.Boolean(),
  /** The person asking has a signature or an after-stage step to give. */
  awaitingMe: Type.Boolean(),
});
export type AgreementSummary = Static<typeof AgreementSummary>;

export const AgreementListQuery = Type.Object({
  status: Type.Optional(AgreementStatusSchema),
  ...PageQuery,
});
export type AgreementListQuery = Static<typeof AgreementListQuery>;

export const AgreementPage = Type.Object({
  items: Type.Array(AgreementSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type AgreementPage = Static<typeof AgreementPage>;

export const GuardianLinkSent = Type.Object({
  sentTo: Type.String(),
  expiresAt: IsoDateTime,
});
export type GuardianLinkSent = Static<typeof GuardianLinkSent>;

/** The largest scanned copy accepted, in bytes. */
export const SCANNED_COPY_MAX_BYTES = 10 * 1024 * 1024;
export const ScannedCopyTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const UploadScanBody = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    /** The file, base64-encoded (PDF, JPEG or PNG; the type is read from its first bytes). */
    contentBase64: Type.String({ minLength: 1, maxLength: 20_000_000 }),
  },
  { additionalProperties: false },
);
export type UploadScanBody = Static<typeof UploadScanBody>;

export const AttendanceBody = Type.Object(
  {
    /** The tutor's short appraisal of the pupil's stage, written into the pupil's passport. */
    appraisal: Type.String({ minLength: 10, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type AttendanceBody = Static<typeof AttendanceBody>;

export const FeedbackBody = Type.Object(
  {
    feedback: Type.String({ minLength: 10, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type FeedbackBody = Static<typeof FeedbackBody>;

/** The guardian's signing link, opened without an account: the token travels in the body. */
export const GuardianTokenBody = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100 }) },
  { additionalProperties: false },
);
export type GuardianTokenBody = Static<typeof GuardianTokenBody>;

export const GuardianSignBody = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 100 }),
    signerName: Type.String({ minLength: 2, maxLength: 120 }),
    /** The guardian ticks "I have read the convention and I agree". */
    consent: Type.Literal(true),
    version: AgreementVersion,
    userAgent: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type GuardianSignBody = Static<typeof GuardianSignBody>;

/** What the guardian's link shows: the convention while the link is active, else why not. */
export const GuardianLinkView = Type.Object({
  state: Type.Enum(GuardianLinkStates),
  expiresAt: IsoDateTime,
  usedAt: Type.Union([IsoDateTime, Type.Null()]),
  agreement: Type.Union([
    Type.Object({
      reference: Type.String(),
      version: AgreementVersion,
      status: AgreementStatusSchema,
      pupilName: Type.String(),
      guardianName: Type.Union([Type.String(), Type.Null()]),
      schoolName: Type.String(),
      companyName: Type.String(),
      companyAddress: Type.String(),
      offerTitle: Type.String(),
      teachingAnnex: TeachingAnnexSchema,
      practicalAnnex: PracticalAnnexSchema,
      signatures: Type.Array(AgreementSignature),
    }),
    Type.Null(),
  ]),
});
export type GuardianLinkView = Static<typeof GuardianLinkView>;

/** An e-mail to the guardian's address, as the outbox holds it (operators, for support). */
export const AgreementMail = Type.Object({
  id: Uuid,
  toEmail: Type.String(),
  subject: Type.String(),
  bodyText: Type.String(),
  createdAt: IsoDateTime,
  sentAt: Type.Union([IsoDateTime, Type.Null()]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type AgreementMail = Static<typeof AgreementMail>;

/**
 * The conditions of an observation stage (Code de l'éducation, art. L332-3-1, D332-14), in
 * French as the agreement is: printed in its PDF and shown on its page, word for word.
 */
export const OBSERVATION_CONDITIONS: readonly string[] = [
  "La séquence d'observation a pour objet de faire découvrir à l'élève le monde économique et professionnel, et de l'aider à construire son projet d'orientation. L'élève reste sous statut scolaire pendant toute sa durée, sous l'autorité du chef d'établissement.",
  "Observation seulement : l'élève observe ; il ne participe à aucun travail de production et ne remplace aucun salarié. Il peut, sous le contrôle du tuteur, faire de courtes démonstrations ou manipulations sans risque.",
  "Aucune rémunération : l'élève ne perçoit ni salaire ni gratification de l'entreprise.",
  "Aucune machine ni aucun produit interdits aux mineurs : l'élève n'a accès à aucune machine, aucun appareil ni aucun produit dont l'usage est proscrit aux mineurs par le code du travail (articles D4153-15 et suivants) ; il ne fait pas non plus les travaux légers autorisés aux mineurs.",
  "Horaires d'un mineur : au plus 7 heures par jour et 35 heures par semaine, rien avant 6 h ni après 20 h, une pause d'au moins 30 minutes dès 4 h 30 de présence, 14 heures de repos entre deux journées et 2 jours de repos consécutifs par semaine.",
  "Accident : l'entreprise déclare tout accident survenu à l'élève pendant la séquence ou sur le trajet au chef d'établissement dans la journée, ou au plus tard dans les 24 heures.",
  "Responsabilité : le chef d'entreprise et le chef d'établissement ont chacun souscrit une assurance couvrant leur responsabilité civile. Ils se tiennent informés de toute difficulté, notamment d'une absence de l'élève.",
];
