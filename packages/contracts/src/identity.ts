// Accounts, roles and sessions.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Uuid } from './common.js';

export const Roles = [
  'student',
  'guardian',
  'teacher',
  'school_admin',
  'employer',
  'mentor',
  'ambassador',
  'operator',
] as const;
export type Role = (typeof Roles)[number];
export const RoleSchema = Type.Enum(Roles);

/** Roles a person may choose when signing up; the others are given by someone else. */
export const SelfServiceRoles = ['student', 'teacher', 'employer', 'mentor', 'ambassador'] as const;
export const SelfServiceRole = Type.Enum(SelfServiceRoles);

export const Locale = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;

export const PASSWORD_MIN_LENGTH = 10;
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: 200 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 100 });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Password,
    displayName: DisplayName,
    role: SelfServiceRole,
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    /** An e-mail address, or the sign-in code a school handed to a pupil. */
    login: Type.String({ minLength: 1, maxLength: 254 }),
    password: Password,
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const SchoolMembershipView = Type.Object({
  id: Uuid,
  schoolId: Uuid,
  schoolName: Type.String(),
  role: Type.Union([Type.Literal('teacher'), Type.Literal('school_admin')]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('rejected')]),
});
export type SchoolMembershipView = Static<typeof SchoolMembershipView>;

export const CompanyMembershipView = Type.Object({
  id: Uuid,
  companyId: Uuid,
  companyName: Type.String(),
  role: Type.Union([Type.Literal('employer'), Type.Literal('mentor'), Type.Literal('ambassador')]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('rejected')]),
});
export type CompanyMembershipView = Static<typeof CompanyMembershipView>;

export const User = Type.Object({
  id: Uuid,
  email: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  locale: Locale,
  roles: Type.Array(RoleSchema),
  createdAt: IsoDateTime,
});
export type User = Static<typeof User>;

export const Me = Type.Object({
  user: User,
  schoolMemberships: Type.Array(SchoolMembershipView),
  companyMemberships: Type.Array(CompanyMembershipView),
  /** Unread notifications, for the navigation's badge (the web asks for /api/me on every page). */
  unreadNotifications: Type.Integer(),
});
export type Me = Static<typeof Me>;

export const Session = Type.Object({
  user: User,
  /** The signed session token, for API clients that send `Authorization: Bearer`. */
  token: Type.String(),
  expiresAt: IsoDateTime,
});
export type Session = Static<typeof Session>;

export const UpdateMeBody = Type.Object(
  { displayName: Type.Optional(DisplayName), locale: Type.Optional(Locale) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const GrantRoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });
export type GrantRoleBody = Static<typeof GrantRoleBody>;

export const UserRoleParams = Type.Object({ id: Uuid, role: RoleSchema });
export type UserRoleParams = Static<typeof UserRoleParams>;

export const UserSummary = Type.Object({
  id: Uuid,
  email: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  status: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;

export const UserSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
});
export type UserSearchQuery = Static<typeof UserSearchQuery>;
