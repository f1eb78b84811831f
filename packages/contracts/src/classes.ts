// Classes, pupils (their import from the school's software, their sign-in codes and profile),
// the school's stage weeks, and the teacher's follow-up of who has a stage.
import { type Static, type TSchema, Type } from 'typebox';
import { IsoDate, SchoolLevelSchema, Uuid } from './common.js';
import { Email } from './identity.js';
import { CommuneCode, ImportRejection, SchoolKind } from './organisations.js';
import { TradeCode } from './reference.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SchoolYear = Type.Integer({
  minimum: 2000,
  maximum: 2100,
  description: 'First calendar year of the school year: 2026 for 2026–2027.',
});

export const ClassName = Type.String({ minLength: 1, maxLength: 40 });

/** A class as its teachers see it, with how many of its pupils already have a stage. */
export const SchoolClass = Type.Object({
  id: Uuid,
  schoolId: Uuid,
  schoolName: Type.String(),
  name: Type.String(),
  level: SchoolLevelSchema,
  schoolYear: Type.Integer(),
  teacherId: Nullable(Uuid),
  teacherName: Nullable(Type.String()),
  pupilCount: Type.Integer(),
  /** Pupils with a confirmed stage (or a signed agreement) this school year. */
  placedCount: Type.Integer(),
});
export type SchoolClass = Static<typeof SchoolClass>;

export const ClassQuery = Type.Object({
  schoolYear: Type.Optional(SchoolYear),
  schoolId: Type.Optional(Uuid),
});
export type ClassQuery = Static<typeof ClassQuery>;

export const CreateClassBody = Type.Object(
  {
    /** Needed only when the teacher belongs to several schools. */
    schoolId: Type.Optional(Uuid),
    name: ClassName,
    level: SchoolLevelSchema,
    /** The current school year when left out. */
    schoolYear: Type.Optional(SchoolYear),
  },
  { additionalProperties: false },
);
export type CreateClassBody = Static<typeof CreateClassBody>;

export const UpdateClassBody = Type.Object(
  {
    name: Type.Optional(ClassName),
    level: Type.Optional(SchoolLevelSchema),
    schoolYear: Type.Optional(SchoolYear),
    /** The professeur principal: a teacher of the same school, or null. */
    teacherId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateClassBody = Static<typeof UpdateClassBody>;

/** Where a pupil stands in their search for a stage this school year, best state first. */
export const PupilStageStates = ['signed', 'confirmed', 'accepted', 'applied', 'none'] as const;
export type PupilStageState = (typeof PupilStageStates)[number];
export const PupilStageState = Type.Enum(PupilStageStates);

export const StageWeek = Type.Object({
  id: Uuid,
  schoolId: Uuid,
  level: SchoolLevelSchema,
  startDate: IsoDate,
  endDate: IsoDate,
  schoolYear: Type.Integer(),
});
export type StageWeek = Static<typeof StageWeek>;

export const FollowUpPupil = Type.Object({
  userId: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  birthDate: Nullable(IsoDate),
  /** The sign-in code the school handed out (null for a pupil who signs in with an e-mail). */
  loginCode: Nullable(Type.String()),
  /** The pupil has chosen a password (first sign-in done). */
  activated: Type.Boolean(),
  hasEmail: Type.Boolean(),
  state: PupilStageState,
  /** Applications this school year, whatever their state. */
  applications: Type.Integer(),
  /** Applications still waiting for an answer or a confirmation. */
  liveApplications: Type.Integer(),
  /** The confirmed stage, when there is one. */
  stage: Nullable(
    Type.Object({
      offerTitle: Type.String(),
      companyName: Type.String(),
      startDate: IsoDate,
      endDate: IsoDate,
    }),
  ),
});
export type FollowUpPupil = Static<typeof FollowUpPupil>;

/** "No pupil without a stage": each pupil's state and the time left before the stage weeks. */
export const ClassFollowUp = Type.Object({
  class: SchoolClass,
  /** The school's next (or current) stage weeks for the class's level. */
  nextStageWeek: Nullable(StageWeek),
  /** Days from today to the start of those weeks (0 while they are under way). */
  daysLeft: Nullable(Type.Integer()),
  counts: Type.Object({
    signed: Type.Integer(),
    confirmed: Type.Integer(),
    accepted: Type.Integer(),
    applied: Type.Integer(),
    none: Type.Integer(),
  }),
  /** Pupils without a confirmed stage (state accepted, applied or none). */
  withoutStage: Type.Integer(),
  pupils: Type.Array(FollowUpPupil),
});
export type ClassFollowUp = Static<typeof ClassFollowUp>;

export const ClassPupilParams = Type.Object({ id: Uuid, pupilId: Uuid });
export type ClassPupilParams = Static<typeof ClassPupilParams>;

export const NewLoginCode = Type.Object({ userId: Uuid, loginCode: Type.String() });
export type NewLoginCode = Static<typeof NewLoginCode>;

export const SignInSheetQuery = Type.Object({
  /** Only this pupil's block (after giving them a new code). */
  pupil: Type.Optional(Uuid),
  /** Only pupils who have not signed in yet. */
  pending: Type.Optional(Type.Boolean()),
});
export type SignInSheetQuery = Static<typeof SignInSheetQuery>;

const importOptions = {
  /** Check and report without writing anything (the preview). */
  dryRun: Type.Optional(Type.Boolean({ default: false })),
  /** Needed only when the teacher belongs to several schools (or implied by classId). */
  schoolId: Type.Optional(Uuid),
  /** The current school year when left out. */
  schoolYear: Type.Optional(SchoolYear),
  /** Put every pupil of the file in this class (the file's class column is then not needed). */
  classId: Type.Optional(Uuid),
};

export const PupilImportBody = Type.Object(
  {
    /** The class list exported by the school's software, as text (`;` or `,` separated). */
    csv: Type.String({ minLength: 1, maxLength: 2_000_000 }),
    ...importOptions,
  },
  { additionalProperties: false },
);
export type PupilImportBody = Static<typeof PupilImportBody>;

/** Options of the raw upload (`Content-Type: text/csv`, UTF-8 or Windows-1252). */
export const PupilImportQuery = Type.Object(importOptions, { additionalProperties: false });
export type PupilImportQuery = Static<typeof PupilImportQuery>;

export const PupilImportLine = Type.Object({
  line: Type.Integer(),
  lastName: Type.String(),
  firstName: Type.String(),
  birthDate: IsoDate,
  className: Type.String(),
  level: SchoolLevelSchema,
  /** create: a new account with a sign-in code; move: the pupil's existing account changes class. */
  action: Type.Union([Type.Literal('create'), Type.Literal('move')]),
});
export type PupilImportLine = Static<typeof PupilImportLine>;

export const PupilImportClass = Type.Object({
  /** Null in a preview for a class the import would create. */
  id: Nullable(Uuid),
  name: Type.String(),
  level: SchoolLevelSchema,
  existing: Type.Boolean(),
  pupils: Type.Integer(),
});
export type PupilImportClass = Static<typeof PupilImportClass>;

export const PupilImportReport = Type.Object({
  dryRun: Type.Boolean(),
  schoolId: Uuid,
  schoolYear: Type.Integer(),
  /** Data lines read in the file. */
  read: Type.Integer(),
  created: Type.Integer(),
  moved: Type.Integer(),
  classes: Type.Array(PupilImportClass),
  pupils: Type.Array(PupilImportLine),
  rejected: Type.Array(ImportRejection),
});
export type PupilImportReport = Static<typeof PupilImportReport>;

export const SchoolStageWeeks = Type.Object({
  /** Whether the asking person may add or remove weeks. */
  canEdit: Type.Boolean(),
  weeks: Type.Array(StageWeek),
});
export type SchoolStageWeeks = Static<typeof SchoolStageWeeks>;

export const StageWeekQuery = Type.Object({
  schoolYear: Type.Optional(SchoolYear),
  level: Type.Optional(SchoolLevelSchema),
});
export type StageWeekQuery = Static<typeof StageWeekQuery>;

export const CreateStageWeekBody = Type.Object(
  { level: SchoolLevelSchema, startDate: IsoDate, endDate: IsoDate },
  { additionalProperties: false },
);
export type CreateStageWeekBody = Static<typeof CreateStageWeekBody>;

export const StageWeekParams = Type.Object({ id: Uuid, weekId: Uuid });
export type StageWeekParams = Static<typeof StageWeekParams>;

/** A pupil's profile: what the school set, and what the pupil completes. */
export const StudentProfile = Type.Object({
  userId: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  birthDate: Nullable(IsoDate),
  school: Nullable(Type.Object({ id: Uuid, name: Type.String(), kind: SchoolKind })),
  class: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  level: Nullable(SchoolLevelSchema),
  /** Home commune only, never a street address. */
  homeCommune: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  interests: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  needsAccessibility: Type.Boolean(),
  guardianName: Nullable(Type.String()),
  guardianEmail: Nullable(Type.String()),
  /** The school set school, class, level, names and birth date: the pupil cannot change them. */
  managedBySchool: Type.Boolean(),
  /** What is still missing before the profile is complete (field names). */
  missing: Type.Array(Type.String()),
});
export type StudentProfile = Static<typeof StudentProfile>;

export const UpdateStudentProfileBody = Type.Object(
  {
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    birthDate: Type.Optional(Nullable(IsoDate)),
    schoolId: Type.Optional(Nullable(Uuid)),
    level: Type.Optional(Nullable(SchoolLevelSchema)),
    homeCommuneCode: Type.Optional(Nullable(CommuneCode)),
    interests: Type.Optional(Type.Array(TradeCode, { maxItems: 10, uniqueItems: true })),
    needsAccessibility: Type.Optional(Type.Boolean()),
    guardianName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    guardianEmail: Type.Optional(Nullable(Email)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStudentProfileBody = Static<typeof UpdateStudentProfileBody>;

/** What a teacher changes in a pupil's school record. */
export const UpdatePupilBody = Type.Object(
  {
    /** A class of the same school (null takes the pupil out of their class). */
    classId: Type.Optional(Nullable(Uuid)),
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    birthDate: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePupilBody = Static<typeof UpdatePupilBody>;

/** A pupil of the school who is in no class yet (signed up alone and chose the school). */
export const UnassignedPupil = Type.Object({
  userId: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  level: Nullable(SchoolLevelSchema),
});
export type UnassignedPupil = Static<typeof UnassignedPupil>;
