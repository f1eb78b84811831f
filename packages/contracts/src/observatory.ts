// The observatory: supply and demand of stages by trade and commune, placement by school and by
// education priority, pupils still without a stage, mentors' and ambassadors' coverage, year on
// year; and the employer's yearly impact report. Every figure is computed by SQL over the real
// tables, for whom is asking: the operator sees the département, a head of school their school,
// an employer their company.
import { type Static, type TSchema, Type } from 'typebox';
import { IsoDate, IsoDateTime, SchoolLevelSchema, Uuid } from './common.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
/** A share between 0 and 1; null when there is nobody to divide by. */
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const ObservatoryYear = Type.Integer({
  minimum: 2000,
  maximum: 2100,
  description: 'School year by its first calendar year (2026 for 1 Aug 2026 – 31 Jul 2027).',
});

export const ObservatoryQuery = Type.Object(
  { year: Type.Optional(ObservatoryYear) },
  { additionalProperties: false },
);
export type ObservatoryQuery = Static<typeof ObservatoryQuery>;

export const ObservatoryScopeKinds = ['departement', 'school', 'company'] as const;
export type ObservatoryScopeKind = (typeof ObservatoryScopeKinds)[number];

export const ObservatoryScope = Type.Object({
  kind: Type.Enum(ObservatoryScopeKinds),
  /** The schools or companies the figures are restricted to (empty for the département). */
  names: Type.Array(Type.String()),
});
export type ObservatoryScope = Static<typeof ObservatoryScope>;

export const EducationPriorities = ['rep_plus', 'rep', 'none'] as const;
export const EducationPriorityValue = Type.Enum(EducationPriorities);

export const ObservatoryTotals = Type.Object({
  offers: Count,
  seats: Count,
  applications: Count,
  /** Distinct pupils who applied. */
  applicants: Count,
  wishes: Count,
  searchesWithoutResult: Count,
  /** Pupils of the year's classes (null for a company). */
  pupils: Nullable(Count),
  /** Pupils with a confirmed stage in the year (a company: pupils it hosts). */
  placed: Count,
  placementRate: Rate,
});
export type ObservatoryTotals = Static<typeof ObservatoryTotals>;

/** Supply against demand for one trade (a grand domaine or a fiche métier). */
export const TradeSupplyRow = Type.Object({
  code: Type.String(),
  label: Type.String(),
  offers: Count,
  seats: Count,
  applications: Count,
  wishes: Count,
  searchesWithoutResult: Count,
});
export type TradeSupplyRow = Static<typeof TradeSupplyRow>;

export const CommuneRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  offers: Count,
  seats: Count,
  applications: Count,
  searchesWithoutResult: Count,
  /** Pupils living there (null for a company). */
  pupils: Nullable(Count),
  placed: Nullable(Count),
  placementRate: Rate,
  /** Seats per 100 pupils living in the commune (null without pupils). */
  seatsPer100Pupils: Nullable(Type.Number({ minimum: 0 })),
  mentors: Count,
  ambassadors: Count,
});
export type CommuneRow = Static<typeof CommuneRow>;

export const SchoolPlacementRow = Type.Object({
  schoolId: Uuid,
  name: Type.String(),
  communeName: Type.String(),
  priority: EducationPriorityValue,
  pupils: Count,
  placed: Count,
  rate: Rate,
});
export type SchoolPlacementRow = Static<typeof SchoolPlacementRow>;

export const PriorityPlacementRow = Type.Object({
  priority: EducationPriorityValue,
  schools: Count,
  /** Pupils of the year's classes; for a company, pupils who applied to it. */
  pupils: Count,
  /** Pupils placed; for a company, pupils it hosts. */
  placed: Count,
  rate: Rate,
});
export type PriorityPlacementRow = Static<typeof PriorityPlacementRow>;

export const UnplacedRow = Type.Object({
  schoolId: Uuid,
  schoolName: Type.String(),
  priority: EducationPriorityValue,
  level: SchoolLevelSchema,
  pupils: Count,
  unplaced: Count,
  /** First day of the school's next stage weeks for that level (null when none is declared). */
  nextWeekStart: Nullable(IsoDate),
  daysLeft: Nullable(Type.Integer()),
});
export type UnplacedRow = Static<typeof UnplacedRow>;

export const CoverageDomainRow = Type.Object({
  code: Type.String(),
  label: Type.String(),
  mentors: Count,
  ambassadors: Count,
  /** Mentorships that started in the year, with a mentor of that domain. */
  mentorships: Count,
  /** Ambassadors' visits done in the year for that domain. */
  visits: Count,
  /** Pupils who say the domain interests them. */
  interestedPupils: Nullable(Count),
});
export type CoverageDomainRow = Static<typeof CoverageDomainRow>;

export const YearOnYearMetrics = [
  'offers',
  'seats',
  'applications',
  'applicants',
  'wishes',
  'searchesWithoutResult',
  'placed',
  'placementRate',
  'agreementsSigned',
  'mentorshipsStarted',
  'visitsDone',
] as const;
export type YearOnYearMetric = (typeof YearOnYearMetrics)[number];

export const YearOnYearRow = Type.Object({
  metric: Type.Enum(YearOnYearMetrics),
  current: Nullable(Type.Number()),
  previous: Nullable(Type.Number()),
});
export type YearOnYearRow = Static<typeof YearOnYearRow>;

export const Observatory = Type.Object({
  schoolYear: Type.Integer(),
  /** First and last days of the school year. */
  from: IsoDate,
  to: IsoDate,
  generatedAt: IsoDateTime,
  /**
   * When the facts behind offers, seats, demand and placement were last computed (a job does it
   * every 5 minutes); searches, mentoring, visits and a head's or company's own demand are live.
   */
  refreshedAt: Nullable(IsoDateTime),
  scope: ObservatoryScope,
  totals: ObservatoryTotals,
  supplyByDomain: Type.Array(TradeSupplyRow),
  /** Fiches métier with any supply or demand, most seats first. */
  supplyByTrade: Type.Array(TradeSupplyRow),
  communes: Type.Array(CommuneRow),
  /** Null for a company. */
  placementBySchool: Nullable(Type.Array(SchoolPlacementRow)),
  placementByPriority: Type.Array(PriorityPlacementRow),
  /** Null for a company. */
  unplaced: Nullable(Type.Array(UnplacedRow)),
  coverageByDomain: Type.Array(CoverageDomainRow),
  yearOnYear: Type.Array(YearOnYearRow),
});
export type Observatory = Static<typeof Observatory>;

export const ObservatoryTables = [
  'totaux',
  'domaines',
  'metiers',
  'communes',
  'etablissements',
  'priorites',
  'sans-stage',
  'couverture',
  'evolution',
] as const;
export type ObservatoryTable = (typeof ObservatoryTables)[number];

export const ObservatoryExportParams = Type.Object({ table: Type.Enum(ObservatoryTables) });
export type ObservatoryExportParams = Static<typeof ObservatoryExportParams>;

// --- the employer's yearly impact report ----------------------------------------------------------

export const ImpactQuery = Type.Object(
  {
    year: Type.Optional(ObservatoryYear),
    /** Needed when the employer belongs to several companies; any company for an operator. */
    companyId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ImpactQuery = Static<typeof ImpactQuery>;

export const ImpactReport = Type.Object({
  schoolYear: Type.Integer(),
  from: IsoDate,
  to: IsoDate,
  generatedAt: IsoDateTime,
  company: Type.Object({
    id: Uuid,
    name: Type.String(),
    communeName: Type.String(),
    sizeBand: Type.String(),
  }),
  /** Pupils hosted: agreements signed or completed, for stages starting in the year. */
  hosted: Type.Object({
    pupils: Count,
    repPlus: Count,
    rep: Count,
    other: Count,
    completed: Count,
    schools: Count,
    /** The same count the year before, to compare. */
    previousYear: Count,
  }),
  byTrade: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), pupils: Count })),
  byLevel: Type.Array(Type.Object({ level: SchoolLevelSchema, pupils: Count })),
  offers: Type.Object({ offers: Count, seats: Count, applications: Count }),
  mentoring: Type.Object({
    /** People of the company with a mentor profile. */
    mentors: Count,
    /** Mentorships active during the year. */
    mentorships: Count,
    sessionsDone: Count,
  }),
  ambassadors: Type.Object({
    ambassadors: Count,
    visits: Count,
    /** Pupils present at those visits (as recorded, else the class size). */
    pupilsReached: Count,
    schools: Count,
  }),
  challenges: Type.Object({ challenges: Count, teams: Count, schools: Count }),
});
export type ImpactReport = Static<typeof ImpactReport>;
