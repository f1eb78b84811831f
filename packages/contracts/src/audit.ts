// The audit log of sensitive actions, as the operator reads it.
import { type Static, Type } from 'typebox';
import { IsoDate, IsoDateTime, Page, PageQuery, Uuid } from './common.js';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: IsoDateTime,
  actor: Type.Union([
    Type.Object({ id: Uuid, displayName: Type.String(), status: Type.String() }),
    Type.Null(),
  ]),
  /** e.g. "agreement.signed", "campaign.published", "role.granted", "privacy.exported". */
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  /** Identifiers and counts only. */
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    /** An action or a family of actions: "agreement" matches "agreement.signed" and the rest. */
    action: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_.-]*$' })),
    subjectType: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_.-]*$' })),
    subjectId: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Uuid),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Page(AuditEntry);
export type AuditPage = Static<typeof AuditPage>;

/** The families of actions the log holds, with how many entries each, for the filter. */
export const AuditActions = Type.Array(
  Type.Object({ action: Type.String(), count: Type.Integer() }),
);
export type AuditActions = Static<typeof AuditActions>;
