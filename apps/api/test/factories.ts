// Factories for integration tests: each builds one thing with sensible defaults and overrides,
// straight in the database (or through the API for people, so they get a real session token).
// Tests build what they need; nothing is shared between tests.
import { uaiCheckLetter, type Role, type SchoolLevel } from '@tremplin/contracts';
import { searchable } from '@tremplin/db';
import {
  classes,
  companies,
  companyMemberships,
  offerPeriods,
  offers,
  schoolMemberships,
  schools,
  type ScheduleDay,
  students,
  userRoles,
} from '@tremplin/db/schema';
import type { TestContext } from './helper.js';
import { registerPerson, type Person } from './helper.js';

let sequence = 0;
const next = () => ++sequence + Math.floor(Math.random() * 1000) * 1000;

export function validUai(n = next()): string {
  const digits = `094${String(n % 10000).padStart(4, '0')}`;
  return digits + uaiCheckLetter(digits);
}

export function validSiret(n = next()): string {
  const base = `9${String(n).padStart(12, '0').slice(-12)}`;
  for (let d = 0; d <= 9; d++) {
    const candidate = base + d;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let digit = Number(candidate[13 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** A school in Créteil by default (REP+ unless said otherwise). */
export async function createSchool(
  ctx: TestContext,
  overrides: Partial<typeof schools.$inferInsert> = {},
) {
  const name = overrides.name ?? `Collège Test ${next()}`;
  const uai = overrides.uai ?? validUai();
  const [row] = await ctx.handle.db
    .insert(schools)
    .values({
      uai,
      name,
      kind: 'college',
      communeCode: '94028',
      address: '1 rue du Test',
      lat: 48.7771,
      lon: 2.4531,
      priority: 'rep_plus',
      searchText: searchable(`${name} ${uai}`),
      ...overrides,
    })
    .returning();
  return row!;
}

/** A company in Vitry-sur-Seine by default. */
export async function createCompany(
  ctx: TestContext,
  overrides: Partial<typeof companies.$inferInsert> = {},
) {
  const [row] = await ctx.handle.db
    .insert(companies)
    .values({
      siret: validSiret(),
      name: `Entreprise Test ${next()}`,
      nafCode: '47.11B',
      sizeBand: 'tpe',
      communeCode: '94081',
      address: '2 avenue du Test',
      lat: 48.7875,
      lon: 2.3928,
      ...overrides,
    })
    .returning();
  return row!;
}

/** Someone registered through the API, then given extra roles directly. */
export async function createPerson(
  ctx: TestContext,
  roles: Role[],
  displayName?: string,
): Promise<Person> {
  const selfService = roles.find((r) =>
    ['student', 'teacher', 'employer', 'mentor', 'ambassador'].includes(r),
  );
  const person = await registerPerson(ctx.app, { role: selfService ?? 'teacher', displayName });
  const extra = roles.filter((r) => r !== (selfService ?? 'teacher'));
  if (extra.length > 0) {
    await ctx.handle.db
      .insert(userRoles)
      .values(extra.map((role) => ({ userId: person.id, role })))
      .onConflictDoNothing();
  }
  return person;
}

export async function createTeacher(
  ctx: TestContext,
  schoolId: string,
  role: 'teacher' | 'school_admin' = 'teacher',
) {
  const person = await createPerson(
    ctx,
    role === 'teacher' ? ['teacher'] : ['teacher', 'school_admin'],
  );
  await ctx.handle.db
    .insert(schoolMemberships)
    .values({ userId: person.id, schoolId, role, status: 'active', decidedAt: new Date() });
  return person;
}

export async function createEmployer(ctx: TestContext, companyId: string) {
  const person = await createPerson(ctx, ['employer']);
  await ctx.handle.db
    .insert(companyMemberships)
    .values({ userId: person.id, companyId, role: 'employer', status: 'active' });
  return person;
}

export async function createClass(
  ctx: TestContext,
  overrides: Partial<typeof classes.$inferInsert> & { schoolId: string },
) {
  const [row] = await ctx.handle.db
    .insert(classes)
    .values({ name: `3e ${next()}`, level: '3e', schoolYear: 2026, ...overrides })
    .returning();
  return row!;
}

/** A pupil with an account (e-mail sign-in) and a school record. */
export async function createStudent(
  ctx: TestContext,
  params: {
    schoolId: string;
    classId?: string;
    level?: SchoolLevel;
    firstName?: string;
    lastName?: string;
  } & Partial<typeof students.$inferInsert>,
) {
  const firstName = params.firstName ?? 'Inès';
  const lastName = params.lastName ?? `Élève${next()}`;
  const person = await registerPerson(ctx.app, {
    role: 'student',
    displayName: `${firstName} ${lastName}`,
  });
  await ctx.handle.db.insert(students).values({
    birthDate: '2012-03-14',
    guardianName: 'Karim Parent',
    guardianEmail: 'parent@example.test',
    homeCommuneCode: '94028',
    ...params,
    userId: person.id,
    firstName,
    lastName,
    level: params.level ?? '3e',
    classId: params.classId ?? null,
  });
  return person;
}

/** A legal weekly schedule: Monday to Friday, 9:00–12:00 and 13:30–16:30 (6 h a day, 30 h a week). */
export const legalSchedule: ScheduleDay[] = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '09:00',
  end: '16:30',
  breaks: [{ start: '12:00', end: '13:30' }],
}));

export interface PeriodInput {
  startDate?: string;
  endDate?: string;
  seats?: number;
  reservedSeats?: number;
  reservedUntil?: string | null;
}

/**
 * An offer of a company, published by default, with one period (a week in school time, 3 seats)
 * unless periods are given. Returns the offer and its periods.
 */
export async function createOffer(
  ctx: TestContext,
  params: { companyId: string; periods?: PeriodInput[] } & Partial<typeof offers.$inferInsert>,
) {
  const { periods = [{}], ...overrides } = params;
  const title = overrides.title ?? `Découverte du métier ${next()}`;
  const description = overrides.description ?? 'Observer le travail en boutique et en atelier.';
  const [offer] = await ctx.handle.db
    .insert(offers)
    .values({
      title,
      description,
      tradeCodes: ['D1102'],
      levels: ['3e'],
      address: '2 avenue du Test',
      communeCode: '94081',
      lat: 48.7875,
      lon: 2.3928,
      schedule: legalSchedule,
      tutorName: 'Martine Tutrice',
      tutorRole: 'Gérante',
      status: 'published',
      publishedAt: new Date(),
      searchText: searchable(`${title} ${description}`),
      ...overrides,
    })
    .returning();
  const periodRows = await ctx.handle.db
    .insert(offerPeriods)
    .values(
      periods.map((p) => ({
        offerId: offer!.id,
        startDate: p.startDate ?? '2027-01-11',
        endDate: p.endDate ?? '2027-01-15',
        seats: p.seats ?? 3,
        reservedSeats: p.reservedSeats ?? 0,
        reservedUntil: p.reservedUntil ?? null,
      })),
    )
    .returning();
  return { offer: offer!, periods: periodRows };
}
