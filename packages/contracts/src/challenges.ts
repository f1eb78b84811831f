// School–enterprise challenges: set by one or several companies, taken up by classes in teams,
// judged by a jury of employers with a weighted rubric, with results, certificates and passport
// entries.
import { type Static, type TSchema, Type } from 'typebox';
import { IsoDate, IsoDateTime, PageQuery, SchoolLevelSchema, Uuid } from './common.js';
import { Email } from './identity.js';
import { TradeCode } from './reference.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** What is stored: draft, published (enrolment and submissions), judging, results. */
export const ChallengeStatuses = ['draft', 'published', 'judging', 'results'] as const;
export type ChallengeStatus = (typeof ChallengeStatuses)[number];

/**
 * Where a challenge stands now: `open` while published and before the submission deadline,
 * `judging` once the deadline has passed (or the organisers closed submissions early).
 */
export const ChallengePhases = ['draft', 'open', 'judging', 'results'] as const;
export type ChallengePhase = (typeof ChallengePhases)[number];

/** Skills a pupil declares, used to balance automatic teams. */
export const ChallengeSkills = [
  'oral',
  'ecriture',
  'dessin',
  'numerique',
  'calcul',
  'bricolage',
] as const;
export type ChallengeSkill = (typeof ChallengeSkills)[number];
export const ChallengeSkillSchema = Type.Enum(ChallengeSkills);

/** The largest file a team may upload, in bytes. */
export const CHALLENGE_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** The largest a team's whole submission may be (all its files), in bytes. */
export const CHALLENGE_SUBMISSION_MAX_BYTES = 25 * 1024 * 1024;
/** The most files one submission may hold. */
export const CHALLENGE_MAX_FILES = 10;
/** Types accepted, as read from each file's own bytes. */
export const ChallengeFileTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.presentation',
] as const;
export type ChallengeFileType = (typeof ChallengeFileTypes)[number];

export const RubricCriterionInput = Type.Object(
  {
    label: Type.String({ minLength: 2, maxLength: 80 }),
    /** Weight in the total; weights need not add up to anything, totals are normalised. */
    weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    /** Highest mark for the criterion. */
    max: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type RubricCriterionInput = Static<typeof RubricCriterionInput>;

export const RubricCriterion = Type.Object({
  key: Type.String(),
  label: Type.String(),
  weight: Type.Number(),
  max: Type.Integer(),
});
export type RubricCriterion = Static<typeof RubricCriterion>;

const challengeFields = {
  title: Type.String({ minLength: 3, maxLength: 120 }),
  brief: Type.String({
    minLength: 20,
    maxLength: 5000,
    description: 'What the teams are asked to do, and what they hand in.',
  }),
  tradeCodes: Type.Array(TradeCode, { maxItems: 5, uniqueItems: true }),
  levels: Type.Array(SchoolLevelSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  launchOn: IsoDate,
  /** The instant submissions close (server time decides). */
  submissionDeadline: IsoDateTime,
  juryOn: IsoDate,
  teamMin: Type.Integer({ minimum: 1, maximum: 12 }),
  teamMax: Type.Integer({ minimum: 1, maximum: 12 }),
  maxTeams: Type.Integer({ minimum: 1, maximum: 500 }),
  prizes: Type.String({ maxLength: 2000 }),
  rubric: Type.Array(RubricCriterionInput, { minItems: 1, maxItems: 10 }),
};

export const CreateChallengeBody = Type.Object(
  {
    /** The organising company; needed only for an employer of several companies. */
    companyId: Type.Optional(Uuid),
    ...challengeFields,
  },
  { additionalProperties: false },
);
export type CreateChallengeBody = Static<typeof CreateChallengeBody>;

export const UpdateChallengeBody = Type.Object(challengeFields, { additionalProperties: false });
export type UpdateChallengeBody = Static<typeof UpdateChallengeBody>;

export const ChallengeOrganiser = Type.Object({ id: Uuid, name: Type.String() });

/** How the person asking is tied to the challenge. */
export const ChallengeRelation = Type.Object({
  organiser: Type.Boolean(),
  juror: Type.Boolean(),
  /** A teacher: a class of their school is enrolled. A pupil: their class is enrolled. */
  enrolled: Type.Boolean(),
  /** A pupil's team in this challenge. */
  myTeamId: Nullable(Uuid),
});
export type ChallengeRelation = Static<typeof ChallengeRelation>;

export const ChallengeSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  status: Type.Enum(ChallengeStatuses),
  phase: Type.Enum(ChallengePhases),
  levels: Type.Array(SchoolLevelSchema),
  tradeCodes: Type.Array(Type.String()),
  launchOn: IsoDate,
  submissionDeadline: IsoDateTime,
  juryOn: IsoDate,
  teamMin: Type.Integer(),
  teamMax: Type.Integer(),
  maxTeams: Type.Integer(),
  teamCount: Type.Integer(),
  organisers: Type.Array(ChallengeOrganiser),
  relation: ChallengeRelation,
});
export type ChallengeSummary = Static<typeof ChallengeSummary>;

export const ChallengeListQuery = Type.Object({
  /** Only the challenges I organise, judge, or take part in. */
  mine: Type.Optional(Type.Boolean()),
  level: Type.Optional(SchoolLevelSchema),
  ...PageQuery,
});
export type ChallengeListQuery = Static<typeof ChallengeListQuery>;

export const ChallengePage = Type.Object({
  items: Type.Array(ChallengeSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ChallengePage = Static<typeof ChallengePage>;

/** A pupil's own team, as they see it. */
export const MyChallengeTeam = Type.Object({
  id: Uuid,
  name: Type.String(),
  className: Type.String(),
  schoolName: Type.String(),
  members: Type.Array(Type.Object({ id: Uuid, firstName: Type.String(), lastName: Type.String() })),
  submittedAt: Nullable(IsoDateTime),
  fileCount: Type.Integer(),
  /** Published results: the team's rank, and out of how many. */
  rank: Nullable(Type.Integer()),
  rankedTeams: Nullable(Type.Integer()),
});
export type MyChallengeTeam = Static<typeof MyChallengeTeam>;

/** A class of my school enrolled in the challenge (teachers). */
export const MyChallengeEnrolment = Type.Object({
  id: Uuid,
  classId: Uuid,
  className: Type.String(),
  schoolName: Type.String(),
  pupilCount: Type.Integer(),
  teamCount: Type.Integer(),
});
export type MyChallengeEnrolment = Static<typeof MyChallengeEnrolment>;

export const ChallengeAbilities = Type.Object({
  edit: Type.Boolean(),
  publish: Type.Boolean(),
  manageJury: Type.Boolean(),
  closeSubmissions: Type.Boolean(),
  publishResults: Type.Boolean(),
  followSubmissions: Type.Boolean(),
  enrol: Type.Boolean(),
  score: Type.Boolean(),
  certificate: Type.Boolean(),
});
export type ChallengeAbilities = Static<typeof ChallengeAbilities>;

export const Challenge = Type.Object({
  ...ChallengeSummary.properties,
  brief: Type.String(),
  prizes: Type.String(),
  rubric: Type.Array(RubricCriterion),
  trades: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  resultsPublishedAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
  enrolmentCount: Type.Integer(),
  submissionCount: Type.Integer(),
  jurorCount: Type.Integer(),
  myTeam: Nullable(MyChallengeTeam),
  myEnrolments: Type.Array(MyChallengeEnrolment),
  can: ChallengeAbilities,
});
export type Challenge = Static<typeof Challenge>;

export const CloseSubmissionsBody = Type.Object(
  {
    /** Close before the deadline: teams that have not submitted can no longer do so. */
    early: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type CloseSubmissionsBody = Static<typeof CloseSubmissionsBody>;

// --- organisers and jury --------------------------------------------------------------------------

export const AddOrganiserBody = Type.Object(
  { siret: Type.String({ minLength: 9, maxLength: 20 }) },
  { additionalProperties: false },
);
export type AddOrganiserBody = Static<typeof AddOrganiserBody>;

export const OrganiserParams = Type.Object({ id: Uuid, companyId: Uuid });
export type OrganiserParams = Static<typeof OrganiserParams>;

export const InviteJurorBody = Type.Object({ email: Email }, { additionalProperties: false });
export type InviteJurorBody = Static<typeof InviteJurorBody>;

export const JurorParams = Type.Object({ id: Uuid, userId: Uuid });
export type JurorParams = Static<typeof JurorParams>;

export const ChallengeJuror = Type.Object({
  userId: Uuid,
  name: Type.String(),
  email: Nullable(Type.String()),
  invitedAt: IsoDateTime,
  scoreCount: Type.Integer(),
});
export type ChallengeJuror = Static<typeof ChallengeJuror>;

// --- enrolments and teams -----------------------------------------------------------------------

export const EnrolClassBody = Type.Object({ classId: Uuid }, { additionalProperties: false });
export type EnrolClassBody = Static<typeof EnrolClassBody>;

export const EnrolmentParams = Type.Object({ id: Uuid, enrolmentId: Uuid });
export type EnrolmentParams = Static<typeof EnrolmentParams>;

export const TeamParams = Type.Object({ id: Uuid, teamId: Uuid });
export type TeamParams = Static<typeof TeamParams>;

export const PupilParams = Type.Object({ id: Uuid, studentId: Uuid });
export type PupilParams = Static<typeof PupilParams>;

export const FileParams = Type.Object({ id: Uuid, fileId: Uuid });
export type FileParams = Static<typeof FileParams>;

export const TeamName = Type.String({ minLength: 1, maxLength: 60 });

export const ClassroomPupil = Type.Object({
  id: Uuid,
  firstName: Type.String(),
  lastName: Type.String(),
  classId: Uuid,
  className: Type.String(),
  teamId: Nullable(Uuid),
  skills: Type.Array(Type.String()),
});
export type ClassroomPupil = Static<typeof ClassroomPupil>;

export const ClassroomTeam = Type.Object({
  id: Uuid,
  name: Type.String(),
  enrolmentId: Uuid,
  className: Type.String(),
  memberIds: Type.Array(Uuid),
  submittedAt: Nullable(IsoDateTime),
  /** The team's size is outside the challenge's range. */
  sizeProblem: Nullable(Type.String()),
});
export type ClassroomTeam = Static<typeof ClassroomTeam>;

export const ClassroomEnrolment = Type.Object({
  id: Uuid,
  classId: Uuid,
  className: Type.String(),
  level: SchoolLevelSchema,
  schoolId: Uuid,
  schoolName: Type.String(),
  teacherName: Nullable(Type.String()),
});
export type ClassroomEnrolment = Static<typeof ClassroomEnrolment>;

/** The teams of my school's enrolled classes, with their pupils (teachers). */
export const ChallengeClassroom = Type.Object({
  phase: Type.Enum(ChallengePhases),
  teamMin: Type.Integer(),
  teamMax: Type.Integer(),
  maxTeams: Type.Integer(),
  /** Teams of every school in the challenge. */
  teamCount: Type.Integer(),
  enrolments: Type.Array(ClassroomEnrolment),
  pupils: Type.Array(ClassroomPupil),
  teams: Type.Array(ClassroomTeam),
  /** Whether teams can still be changed (before the deadline, nobody has submitted). */
  editable: Type.Boolean(),
});
export type ChallengeClassroom = Static<typeof ChallengeClassroom>;

export const ClassroomQuery = Type.Object({ schoolId: Type.Optional(Uuid) });
export type ClassroomQuery = Static<typeof ClassroomQuery>;

export const CreateTeamBody = Type.Object(
  {
    enrolmentId: Uuid,
    name: TeamName,
    studentIds: Type.Optional(Type.Array(Uuid, { maxItems: 12, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateTeamBody = Static<typeof CreateTeamBody>;

export const RenameTeamBody = Type.Object({ name: TeamName }, { additionalProperties: false });
export type RenameTeamBody = Static<typeof RenameTeamBody>;

export const PlacePupilBody = Type.Object(
  {
    /** The team to put the pupil in; null takes them out of any team. */
    teamId: Nullable(Uuid),
    skills: Type.Optional(Type.Array(ChallengeSkillSchema, { maxItems: 6, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type PlacePupilBody = Static<typeof PlacePupilBody>;

export const AutoTeamsBody = Type.Object(
  {
    /** Needed only for a teacher of several schools. */
    schoolId: Type.Optional(Uuid),
    /** Same seed, same pupils: same teams. A new one is drawn when left out. */
    seed: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    teamCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    /** Declared skills by pupil id; pupils left out keep the skills already recorded. */
    skills: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Array(ChallengeSkillSchema, { maxItems: 6, uniqueItems: true }),
      ),
    ),
  },
  { additionalProperties: false },
);
export type AutoTeamsBody = Static<typeof AutoTeamsBody>;

export const AutoTeamsResult = Type.Object({
  seed: Type.String(),
  /** How far the teams are from the group's mix of classes, schools and skills (0 is perfect). */
  spread: Type.Object({ school: Type.Number(), class: Type.Number(), skill: Type.Number() }),
  classroom: ChallengeClassroom,
});
export type AutoTeamsResult = Static<typeof AutoTeamsResult>;

// --- submissions ----------------------------------------------------------------------------------

export const ChallengeFile = Type.Object({
  id: Uuid,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  uploadedAt: IsoDateTime,
});
export type ChallengeFile = Static<typeof ChallengeFile>;

export const ChallengeSubmission = Type.Object({
  text: Type.String(),
  submittedAt: IsoDateTime,
  submittedByName: Nullable(Type.String()),
  files: Type.Array(ChallengeFile),
  totalSize: Type.Integer(),
});
export type ChallengeSubmission = Static<typeof ChallengeSubmission>;

export const ChallengeScore = Type.Object({
  marks: Type.Record(Type.String(), Type.Number()),
  /** Weighted total on 100. */
  total: Type.Number(),
  comment: Type.String(),
  updatedAt: IsoDateTime,
});
export type ChallengeScore = Static<typeof ChallengeScore>;

/** One team and its work, for its members, its teachers, the organisers and the jury. */
export const ChallengeTeam = Type.Object({
  id: Uuid,
  name: Type.String(),
  challengeId: Uuid,
  challengeTitle: Type.String(),
  phase: Type.Enum(ChallengePhases),
  submissionDeadline: IsoDateTime,
  launchOn: IsoDate,
  schoolName: Type.String(),
  className: Type.String(),
  memberCount: Type.Integer(),
  /** Names for the team and its school only; the organisers and jury see the count. */
  members: Nullable(
    Type.Array(Type.Object({ id: Uuid, firstName: Type.String(), lastName: Type.String() })),
  ),
  submission: Nullable(ChallengeSubmission),
  rubric: Type.Array(RubricCriterion),
  can: Type.Object({ submit: Type.Boolean(), score: Type.Boolean() }),
  /** For a juror: why they may not score this team (null when they may). */
  conflict: Nullable(Type.String()),
  myScore: Nullable(ChallengeScore),
});
export type ChallengeTeam = Static<typeof ChallengeTeam>;

/** The submissions, as the organisers follow them and the jury scores them. */
export const ChallengeSubmissionRow = Type.Object({
  teamId: Uuid,
  teamName: Type.String(),
  schoolName: Type.String(),
  memberCount: Type.Integer(),
  submittedAt: Nullable(IsoDateTime),
  fileCount: Type.Integer(),
  /** Scores given so far (organisers). */
  scoreCount: Type.Integer(),
  /** Mean of the totals so far (organisers). */
  meanTotal: Nullable(Type.Number()),
  /** For a juror: their total, and why they may not score this team. */
  myTotal: Nullable(Type.Number()),
  conflict: Nullable(Type.String()),
});
export type ChallengeSubmissionRow = Static<typeof ChallengeSubmissionRow>;

export const ChallengeSubmissions = Type.Object({
  phase: Type.Enum(ChallengePhases),
  rubric: Type.Array(RubricCriterion),
  teams: Type.Array(ChallengeSubmissionRow),
});
export type ChallengeSubmissions = Static<typeof ChallengeSubmissions>;

export const ScoreBody = Type.Object(
  {
    /** One mark per rubric criterion, by its key, from 0 to the criterion's max. */
    marks: Type.Record(Type.String(), Type.Number()),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ScoreBody = Static<typeof ScoreBody>;

// --- results --------------------------------------------------------------------------------------

export const RankedTeam = Type.Object({
  rank: Type.Integer(),
  teamId: Uuid,
  teamName: Type.String(),
  schoolName: Type.String(),
  /** Mean of the jurors' totals, on 100. */
  meanTotal: Type.Number(),
  scoreCount: Type.Integer(),
  /** Mean mark on the first-weighted criterion (the first tie-break). */
  firstCriterionMean: Type.Number(),
  submittedAt: IsoDateTime,
  mine: Type.Boolean(),
});
export type RankedTeam = Static<typeof RankedTeam>;

export const ChallengeResults = Type.Object({
  challengeId: Uuid,
  title: Type.String(),
  published: Type.Boolean(),
  publishedAt: Nullable(IsoDateTime),
  /** The tie-break rule, in words. */
  tieRule: Type.String(),
  firstCriterion: RubricCriterion,
  ranking: Type.Array(RankedTeam),
  /** Teams that submitted but have no score yet (organisers, before publishing). */
  unscored: Type.Array(Type.Object({ teamId: Uuid, teamName: Type.String() })),
});
export type ChallengeResults = Static<typeof ChallengeResults>;
