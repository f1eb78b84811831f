// Personal data: a person's export of everything the platform holds about them, and the deletion
// of their account (anonymisation that keeps the statistics).
import { type Static, Type } from 'typebox';
import { IsoDateTime, Uuid } from './common.js';
import { Password } from './identity.js';

/** One record of the export: its columns in camelCase, files and secrets left out. */
export const PersonalRecord = Type.Record(Type.String(), Type.Unknown());

export const PersonalDataExport = Type.Object({
  format: Type.Literal('tremplin.personal-data.v1'),
  exportedAt: IsoDateTime,
  person: Type.Object({
    id: Uuid,
    email: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.String(),
    locale: Type.String(),
    status: Type.String(),
    roles: Type.Array(Type.String()),
    createdAt: IsoDateTime,
    lastActiveAt: IsoDateTime,
  }),
  /** Every record about the person, by kind (table), e.g. `applications`, `passportEntries`. */
  records: Type.Record(Type.String(), Type.Array(PersonalRecord)),
  /** What was left out of the export and why (files, secrets). */
  notes: Type.Array(Type.String()),
});
export type PersonalDataExport = Static<typeof PersonalDataExport>;

export const AccountDeletionBody = Type.Object(
  {
    /** The current password, so a session left open on a shared computer cannot erase an account. */
    password: Password,
  },
  { additionalProperties: false },
);
export type AccountDeletionBody = Static<typeof AccountDeletionBody>;
