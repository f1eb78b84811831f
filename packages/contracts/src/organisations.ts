// Schools, companies, and memberships.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Uuid } from './common.js';

export const SchoolKind = Type.Union([
  Type.Literal('college'),
  Type.Literal('lycee_gt'),
  Type.Literal('lycee_pro'),
]);
export type SchoolKind = Static<typeof SchoolKind>;
export const EducationPriority = Type.Union([
  Type.Literal('none'),
  Type.Literal('rep'),
  Type.Literal('rep_plus'),
]);
export type EducationPriority = Static<typeof EducationPriority>;
export const CompanySize = Type.Union([
  Type.Literal('tpe'),
  Type.Literal('pme'),
  Type.Literal('eti'),
  Type.Literal('ge'),
]);
export type CompanySize = Static<typeof CompanySize>;

export const Uai = Type.String({
  minLength: 1,
  maxLength: 10,
  description: 'UAI: 7 digits and a check letter (7 digits modulo 23)',
});
// UAI and SIRET are checked by the route (check letter, Luhn) so the error says exactly what is wrong.
export const Siret = Type.String({
  minLength: 1,
  maxLength: 20,
  description: 'SIRET: 14 digits (spaces allowed), Luhn-valid',
});
export const CommuneCode = Type.String({ pattern: '^[0-9][0-9AB][0-9]{3}$' });
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });

export const School = Type.Object({
  id: Uuid,
  uai: Type.String(),
  name: Type.String(),
  kind: SchoolKind,
  communeCode: Type.String(),
  communeName: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  priority: EducationPriority,
});
export type School = Static<typeof School>;

export const SchoolQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  commune: Type.Optional(CommuneCode),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type SchoolQuery = Static<typeof SchoolQuery>;

export const CreateSchoolBody = Type.Object(
  {
    uai: Uai,
    name: Type.String({ minLength: 2, maxLength: 200 }),
    kind: SchoolKind,
    communeCode: CommuneCode,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    lat: Type.Optional(Latitude),
    lon: Type.Optional(Longitude),
    priority: Type.Optional(EducationPriority),
  },
  { additionalProperties: false },
);
export type CreateSchoolBody = Static<typeof CreateSchoolBody>;

export const SchoolImportBody = Type.Object(
  {
    /** The national directory export (annuaire de l'éducation), `;`-separated. */
    csv: Type.String({ minLength: 1, maxLength: 20_000_000 }),
    /** Check and report without writing anything. */
    dryRun: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type SchoolImportBody = Static<typeof SchoolImportBody>;

export const ImportRejection = Type.Object({
  line: Type.Integer(),
  reason: Type.String(),
});
export type ImportRejection = Static<typeof ImportRejection>;

export const SchoolImportReport = Type.Object({
  dryRun: Type.Boolean(),
  read: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  rejected: Type.Array(ImportRejection),
});
export type SchoolImportReport = Static<typeof SchoolImportReport>;

export const Company = Type.Object({
  id: Uuid,
  siret: Type.String(),
  name: Type.String(),
  nafCode: Type.String(),
  sizeBand: CompanySize,
  communeCode: Type.String(),
  communeName: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
});
export type Company = Static<typeof Company>;

export const CreateCompanyBody = Type.Object(
  {
    siret: Siret,
    name: Type.String({ minLength: 2, maxLength: 200 }),
    nafCode: Type.String({
      pattern: '^[0-9]{2}\\.?[0-9]{2}[A-Za-z]$',
      description: 'NAF code, e.g. 62.01Z',
    }),
    sizeBand: CompanySize,
    communeCode: CommuneCode,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    lat: Type.Optional(Latitude),
    lon: Type.Optional(Longitude),
  },
  { additionalProperties: false },
);
export type CreateCompanyBody = Static<typeof CreateCompanyBody>;

export const MembershipStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('rejected'),
]);
export const SchoolRole = Type.Union([Type.Literal('teacher'), Type.Literal('school_admin')]);
export const CompanyRole = Type.Union([
  Type.Literal('employer'),
  Type.Literal('mentor'),
  Type.Literal('ambassador'),
]);

export const JoinSchoolBody = Type.Object({ role: SchoolRole }, { additionalProperties: false });
export type JoinSchoolBody = Static<typeof JoinSchoolBody>;
export const JoinCompanyBody = Type.Object({ role: CompanyRole }, { additionalProperties: false });
export type JoinCompanyBody = Static<typeof JoinCompanyBody>;

/** A request to join a school or a company, decided by one of its admins or by an operator. */
export const JoinRequest = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('school'), Type.Literal('company')]),
  organisationId: Uuid,
  organisationName: Type.String(),
  userId: Uuid,
  userName: Type.String(),
  role: Type.Union([SchoolRole, CompanyRole]),
  status: MembershipStatus,
  requestedAt: IsoDateTime,
});
export type JoinRequest = Static<typeof JoinRequest>;

export const JoinRequestQuery = Type.Object({
  status: Type.Optional(MembershipStatus),
});
export type JoinRequestQuery = Static<typeof JoinRequestQuery>;

export const JoinRequestParams = Type.Object({
  kind: Type.Union([Type.Literal('school'), Type.Literal('company')]),
  id: Uuid,
});
export type JoinRequestParams = Static<typeof JoinRequestParams>;

export const CompanyQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type CompanyQuery = Static<typeof CompanyQuery>;
