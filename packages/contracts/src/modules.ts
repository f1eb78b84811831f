// Discovery modules ("modules de découverte des métiers"): a teacher's plan for a class, its
// objectives and its activities in sequence (ambassador talk, company visit, journée chantier,
// challenge, stage, workshop), copied for another class or the next year; what the class's pupils
// see of it, and their reflections after each activity done.
import { type Static, type TSchema, Type } from 'typebox';
import { IsoDate, IsoDateTime, SchoolLevelSchema, Uuid } from './common.js';
import { VisitRequestStatusSchema } from './ambassadors.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ActivityKinds = [
  'ambassador_talk',
  'company_visit',
  'journee_chantier',
  'challenge',
  'stage',
  'workshop',
] as const;
export type ActivityKind = (typeof ActivityKinds)[number];
export const ActivityKindSchema = Type.Enum(ActivityKinds);

export const ActivityStatuses = ['planned', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ActivityStatuses)[number];
export const ActivityStatusSchema = Type.Enum(ActivityStatuses);

/** Activities a visit request (an ambassador coming, or the class going to them) can serve. */
export const VisitActivityKinds: readonly ActivityKind[] = ['ambassador_talk', 'company_visit'];

export const MAX_ACTIVITIES = 40;

export const ModuleActivity = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  kind: ActivityKindSchema,
  title: Type.String(),
  description: Type.String(),
  startsOn: Nullable(IsoDate),
  endsOn: Nullable(IsoDate),
  status: ActivityStatusSchema,
  /** Pupils who wrote a reflection on it. */
  reflectionCount: Type.Integer(),
  /** The activity's visit request still under way or done, if any. */
  visit: Nullable(
    Type.Object({
      id: Uuid,
      status: VisitRequestStatusSchema,
      visitDate: Nullable(IsoDate),
      ambassadorName: Nullable(Type.String()),
    }),
  ),
});
export type ModuleActivity = Static<typeof ModuleActivity>;

export const DiscoveryModule = Type.Object({
  id: Uuid,
  schoolId: Uuid,
  schoolName: Type.String(),
  class: Type.Object({
    id: Uuid,
    name: Type.String(),
    level: SchoolLevelSchema,
    pupilCount: Type.Integer(),
  }),
  teacher: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  title: Type.String(),
  objectives: Type.String(),
  schoolYear: Type.Integer(),
  copiedFrom: Nullable(Uuid),
  createdAt: IsoDateTime,
  activities: Type.Array(ModuleActivity),
});
export type DiscoveryModule = Static<typeof DiscoveryModule>;

export const ModuleSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  schoolName: Type.String(),
  class: Type.Object({ id: Uuid, name: Type.String(), level: SchoolLevelSchema }),
  teacherName: Nullable(Type.String()),
  schoolYear: Type.Integer(),
  activityCount: Type.Integer(),
  doneCount: Type.Integer(),
  /** The first planned activity by date, if any. */
  nextActivity: Nullable(Type.Object({ title: Type.String(), startsOn: Nullable(IsoDate) })),
});
export type ModuleSummary = Static<typeof ModuleSummary>;

export const ModuleQuery = Type.Object(
  {
    classId: Type.Optional(Uuid),
    schoolYear: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  },
  { additionalProperties: false },
);
export type ModuleQuery = Static<typeof ModuleQuery>;

const ModuleTitle = Type.String({ minLength: 1, maxLength: 120 });
const LongText = Type.String({ maxLength: 2000 });

export const CreateModuleBody = Type.Object(
  { classId: Uuid, title: ModuleTitle, objectives: Type.Optional(LongText) },
  { additionalProperties: false },
);
export type CreateModuleBody = Static<typeof CreateModuleBody>;

export const UpdateModuleBody = Type.Object(
  { title: Type.Optional(ModuleTitle), objectives: Type.Optional(LongText) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateModuleBody = Static<typeof UpdateModuleBody>;

export const CreateActivityBody = Type.Object(
  {
    kind: ActivityKindSchema,
    title: ModuleTitle,
    description: Type.Optional(LongText),
    startsOn: Type.Optional(Nullable(IsoDate)),
    /** The first day when left out (a one-day activity). */
    endsOn: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);
export type CreateActivityBody = Static<typeof CreateActivityBody>;

export const UpdateActivityBody = Type.Object(
  {
    kind: Type.Optional(ActivityKindSchema),
    title: Type.Optional(ModuleTitle),
    description: Type.Optional(LongText),
    startsOn: Type.Optional(Nullable(IsoDate)),
    endsOn: Type.Optional(Nullable(IsoDate)),
    status: Type.Optional(ActivityStatusSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateActivityBody = Static<typeof UpdateActivityBody>;

export const ModuleActivityParams = Type.Object({ id: Uuid, activityId: Uuid });
export type ModuleActivityParams = Static<typeof ModuleActivityParams>;

export const ReorderActivitiesBody = Type.Object(
  {
    /** Every activity of the module, once each, in the new order. */
    activityIds: Type.Array(Uuid, { minItems: 1, maxItems: MAX_ACTIVITIES }),
  },
  { additionalProperties: false },
);
export type ReorderActivitiesBody = Static<typeof ReorderActivitiesBody>;

export const CopyModuleBody = Type.Object(
  {
    /** A class of the same school, this year or another. Dates move by whole school years. */
    classId: Uuid,
    title: Type.Optional(ModuleTitle),
  },
  { additionalProperties: false },
);
export type CopyModuleBody = Static<typeof CopyModuleBody>;

/** What a pupil sees of their class's module. */
export const PupilActivity = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  kind: ActivityKindSchema,
  title: Type.String(),
  description: Type.String(),
  startsOn: Nullable(IsoDate),
  endsOn: Nullable(IsoDate),
  status: ActivityStatusSchema,
  /** The pupil's own reflection on it. */
  reflection: Nullable(Type.Object({ text: Type.String(), updatedAt: IsoDateTime })),
  /** Done activities only take reflections. */
  canReflect: Type.Boolean(),
});
export type PupilActivity = Static<typeof PupilActivity>;

export const PupilModule = Type.Object({
  id: Uuid,
  title: Type.String(),
  objectives: Type.String(),
  className: Type.String(),
  schoolYear: Type.Integer(),
  activities: Type.Array(PupilActivity),
});
export type PupilModule = Static<typeof PupilModule>;

export const ReflectionBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type ReflectionBody = Static<typeof ReflectionBody>;

export const ActivityReflection = Type.Object({
  activityId: Uuid,
  text: Type.String(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ActivityReflection = Static<typeof ActivityReflection>;
