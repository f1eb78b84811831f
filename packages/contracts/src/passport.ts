// The skills passport ("passeport / livret de compétences"): dated entries with their source (a
// stage, a module activity, an ambassador's talk, a mentorship, a challenge) and the pupil's own
// reflections; the pupil chooses which entries the exported PDF shows.
import { type Static, type TSchema, Type } from 'typebox';
import { IsoDate, SchoolLevelSchema, Uuid } from './common.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PassportKinds = [
  'stage',
  'module',
  'visit',
  'mentoring',
  'challenge',
  'reflection',
] as const;
export type PassportKind = (typeof PassportKinds)[number];
export const PassportKind = Type.Enum(PassportKinds);

export const PassportEntry = Type.Object({
  id: Uuid,
  kind: PassportKind,
  /**
   * What produced it: "agreement", "module_activity", "activity_reflection", "mentorship",
   * "challenge_team"; null for a reflection the pupil wrote in the passport itself.
   */
  sourceType: Nullable(Type.String()),
  /** Where it comes from, in French words ("Convention de stage", "Écrit par l'élève"…). */
  sourceLabel: Type.String(),
  title: Type.String(),
  description: Type.String(),
  /** What someone else said: the tutor's appraisal, the jury's result, the mentor's words. */
  appraisal: Nullable(Type.String()),
  occurredOn: IsoDate,
  /** Shown in the exported PDF. */
  visible: Type.Boolean(),
  /** The pupil's own reflection, written here: they may edit and delete it. */
  editable: Type.Boolean(),
});
export type PassportEntry = Static<typeof PassportEntry>;

export const Passport = Type.Object({
  student: Type.Object({
    id: Uuid,
    name: Type.String(),
    schoolName: Nullable(Type.String()),
    className: Nullable(Type.String()),
    level: Nullable(SchoolLevelSchema),
  }),
  /** Newest first. */
  entries: Type.Array(PassportEntry),
  /** True for the pupil themselves; a teacher reads it without changing anything. */
  readOnly: Type.Boolean(),
});
export type Passport = Static<typeof Passport>;

const ReflectionTitle = Type.String({ minLength: 1, maxLength: 120 });
const ReflectionText = Type.String({ minLength: 1, maxLength: 2000 });

export const CreateReflectionBody = Type.Object(
  {
    title: ReflectionTitle,
    description: ReflectionText,
    /** Today when left out; never in the future. */
    occurredOn: Type.Optional(IsoDate),
    visible: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateReflectionBody = Static<typeof CreateReflectionBody>;

/** `visible` for any entry of mine; the words and the date only for my own reflections. */
export const UpdatePassportEntryBody = Type.Object(
  {
    title: Type.Optional(ReflectionTitle),
    description: Type.Optional(ReflectionText),
    occurredOn: Type.Optional(IsoDate),
    visible: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePassportEntryBody = Static<typeof UpdatePassportEntryBody>;

/** The whole choice at once (a form of checkboxes): listed entries shown, the others hidden. */
export const PassportVisibilityBody = Type.Object(
  { visible: Type.Array(Uuid, { maxItems: 1000 }) },
  { additionalProperties: false },
);
export type PassportVisibilityBody = Static<typeof PassportVisibilityBody>;

export const StudentIdParams = Type.Object({ studentId: Uuid });
export type StudentIdParams = Static<typeof StudentIdParams>;
