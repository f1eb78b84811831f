// Queries of the organisations domain: schools, companies and memberships. Decisions on join
// requests carry the decider's scope in their WHERE: a school_admin reaches their own schools'
// requests only, an employer their own companies', an operator all.
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { type Executor, likePattern, searchable } from '@tremplin/db';
import {
  communes,
  companies,
  companyMemberships,
  schoolMemberships,
  schools,
  users,
} from '@tremplin/db/schema';

const schoolColumns = {
  id: schools.id,
  uai: schools.uai,
  name: schools.name,
  kind: schools.kind,
  communeCode: schools.communeCode,
  communeName: communes.name,
  address: schools.address,
  lat: schools.lat,
  lon: schools.lon,
  priority: schools.priority,
};

const companyColumns = {
  id: companies.id,
  siret: companies.siret,
  name: companies.name,
  nafCode: companies.nafCode,
  sizeBand: companies.sizeBand,
  communeCode: companies.communeCode,
  communeName: communes.name,
  address: companies.address,
  lat: companies.lat,
  lon: companies.lon,
};

export function searchSchools(
  db: Executor,
  params: { q?: string; commune?: string; limit: number },
) {
  const words = params.q ? searchable(params.q).split(' ').filter(Boolean) : [];
  return db
    .select(schoolColumns)
    .from(schools)
    .innerJoin(communes, eq(communes.code, schools.communeCode))
    .where(
      and(
        params.commune ? eq(schools.communeCode, params.commune) : undefined,
        ...words.map((w) =>
          or(ilike(schools.searchText, likePattern(w)), ilike(schools.uai, likePattern(w))),
        ),
      ),
    )
    .orderBy(asc(schools.name))
    .limit(params.limit);
}

export async function getSchool(db: Executor, params: { id: string }) {
  const [row] = await db
    .select(schoolColumns)
    .from(schools)
    .innerJoin(communes, eq(communes.code, schools.communeCode))
    .where(eq(schools.id, params.id));
  return row;
}

export interface SchoolValues {
  uai: string;
  name: string;
  kind: 'college' | 'lycee_gt' | 'lycee_pro';
  communeCode: string;
  address: string;
  lat: number;
  lon: number;
  priority: 'none' | 'rep' | 'rep_plus';
}

export async function createSchool(db: Executor, values: SchoolValues) {
  const [row] = await db
    .insert(schools)
    .values({ ...values, searchText: searchable(`${values.name} ${values.uai}`) })
    .onConflictDoNothing({ target: schools.uai })
    .returning({ id: schools.id });
  return row;
}

/** Inserts or updates schools by UAI; returns how many were created and updated. */
export async function upsertSchools(db: Executor, rows: SchoolValues[]) {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const existing = await db
    .select({ uai: schools.uai })
    .from(schools)
    .where(
      inArray(
        schools.uai,
        rows.map((r) => r.uai),
      ),
    );
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insert(schools)
      .values(
        rows
          .slice(i, i + chunk)
          .map((r) => ({ ...r, searchText: searchable(`${r.name} ${r.uai}`) })),
      )
      .onConflictDoUpdate({
        target: schools.uai,
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          communeCode: sql`excluded.commune_code`,
          lat: sql`excluded.lat`,
          lon: sql`excluded.lon`,
          priority: sql`excluded.priority`,
          searchText: sql`excluded.search_text`,
        },
      });
  }
  return { created: rows.length - existing.length, updated: existing.length };
}

export function searchCompanies(db: Executor, params: { q?: string; limit: number }) {
  const words = params.q ? searchable(params.q).split(' ').filter(Boolean) : [];
  return db
    .select(companyColumns)
    .from(companies)
    .innerJoin(communes, eq(communes.code, companies.communeCode))
    .where(
      and(
        ...words.map((w) =>
          or(
            sql`lower(${companies.name}) like ${likePattern(w)}`,
            ilike(companies.siret, likePattern(w)),
          ),
        ),
      ),
    )
    .orderBy(asc(companies.name))
    .limit(params.limit);
}

export async function getCompany(db: Executor, params: { id: string }) {
  const [row] = await db
    .select(companyColumns)
    .from(companies)
    .innerJoin(communes, eq(communes.code, companies.communeCode))
    .where(eq(companies.id, params.id));
  return row;
}

export async function findCompanyBySiret(db: Executor, params: { siret: string }) {
  const [row] = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(eq(companies.siret, params.siret));
  return row;
}

export interface CompanyValues {
  siret: string;
  name: string;
  nafCode: string;
  sizeBand: 'tpe' | 'pme' | 'eti' | 'ge';
  communeCode: string;
  address: string;
  lat: number;
  lon: number;
}

/** Creates a company with its creator as an active employer member. */
export async function createCompany(
  db: Executor,
  params: { values: CompanyValues; createdBy: string },
) {
  const [company] = await db
    .insert(companies)
    .values({ ...params.values, createdBy: params.createdBy })
    .onConflictDoNothing({ target: companies.siret })
    .returning({ id: companies.id });
  if (!company) return undefined;
  await db.insert(companyMemberships).values({
    userId: params.createdBy,
    companyId: company.id,
    role: 'employer',
    status: 'active',
  });
  return company;
}

/** Asks to join a school; a rejected request can be made again. */
export async function requestSchoolMembership(
  db: Executor,
  params: { userId: string; schoolId: string; role: 'teacher' | 'school_admin' },
) {
  const [row] = await db
    .insert(schoolMemberships)
    .values({ ...params, status: 'pending' })
    .onConflictDoUpdate({
      target: [schoolMemberships.userId, schoolMemberships.schoolId, schoolMemberships.role],
      set: { status: 'pending', requestedAt: new Date(), decidedAt: null, decidedBy: null },
      setWhere: sql`${schoolMemberships.status} = 'rejected'`,
    })
    .returning({ id: schoolMemberships.id, status: schoolMemberships.status });
  return row;
}

export async function requestCompanyMembership(
  db: Executor,
  params: { userId: string; companyId: string; role: 'employer' | 'mentor' | 'ambassador' },
) {
  const [row] = await db
    .insert(companyMemberships)
    .values({ ...params, status: 'pending' })
    .onConflictDoUpdate({
      target: [companyMemberships.userId, companyMemberships.companyId, companyMemberships.role],
      set: { status: 'pending' },
      setWhere: sql`${companyMemberships.status} = 'rejected'`,
    })
    .returning({ id: companyMemberships.id, status: companyMemberships.status });
  return row;
}

export interface Decider {
  userId: string;
  isOperator: boolean;
}

/** Schools whose requests this person decides: those they administer (all, for an operator). */
function schoolScope(decider: Decider): SQL | undefined {
  if (decider.isOperator) return undefined;
  return sql`${schoolMemberships.schoolId} in (
    select m.school_id from school_memberships m
    where m.user_id = ${decider.userId} and m.role = 'school_admin' and m.status = 'active')`;
}

function companyScope(decider: Decider): SQL | undefined {
  if (decider.isOperator) return undefined;
  return sql`${companyMemberships.companyId} in (
    select m.company_id from company_memberships m
    where m.user_id = ${decider.userId} and m.role = 'employer' and m.status = 'active')`;
}

export async function listJoinRequests(
  db: Executor,
  params: { decider: Decider; status?: 'pending' | 'active' | 'rejected' },
) {
  const schoolRows = await db
    .select({
      id: schoolMemberships.id,
      organisationId: schools.id,
      organisationName: schools.name,
      userId: users.id,
      userName: users.displayName,
      role: schoolMemberships.role,
      status: schoolMemberships.status,
      requestedAt: schoolMemberships.requestedAt,
    })
    .from(schoolMemberships)
    .innerJoin(schools, eq(schools.id, schoolMemberships.schoolId))
    .innerJoin(users, eq(users.id, schoolMemberships.userId))
    .where(
      and(
        schoolScope(params.decider),
        params.status ? eq(schoolMemberships.status, params.status) : undefined,
      ),
    )
    .orderBy(asc(schoolMemberships.requestedAt))
    .limit(500);
  const companyRows = await db
    .select({
      id: companyMemberships.id,
      organisationId: companies.id,
      organisationName: companies.name,
      userId: users.id,
      userName: users.displayName,
      role: companyMemberships.role,
      status: companyMemberships.status,
      requestedAt: companyMemberships.createdAt,
    })
    .from(companyMemberships)
    .innerJoin(companies, eq(companies.id, companyMemberships.companyId))
    .innerJoin(users, eq(users.id, companyMemberships.userId))
    .where(
      and(
        companyScope(params.decider),
        params.status ? eq(companyMemberships.status, params.status) : undefined,
      ),
    )
    .orderBy(asc(companyMemberships.createdAt))
    .limit(500);
  return [
    ...schoolRows.map((r) => ({ ...r, kind: 'school' as const })),
    ...companyRows.map((r) => ({ ...r, kind: 'company' as const })),
  ];
}

/** Approves or rejects a pending request the decider may decide; undefined when out of reach. */
export async function decideSchoolRequest(
  db: Executor,
  params: { id: string; decider: Decider; approve: boolean },
) {
  const [row] = await db
    .update(schoolMemberships)
    .set({
      status: params.approve ? 'active' : 'rejected',
      decidedBy: params.decider.userId,
      decidedAt: new Date(),
    })
    .where(
      and(
        eq(schoolMemberships.id, params.id),
        eq(schoolMemberships.status, 'pending'),
        schoolScope(params.decider),
      ),
    )
    .returning({
      userId: schoolMemberships.userId,
      schoolId: schoolMemberships.schoolId,
      role: schoolMemberships.role,
    });
  return row;
}

export async function decideCompanyRequest(
  db: Executor,
  params: { id: string; decider: Decider; approve: boolean },
) {
  const [row] = await db
    .update(companyMemberships)
    .set({ status: params.approve ? 'active' : 'rejected' })
    .where(
      and(
        eq(companyMemberships.id, params.id),
        eq(companyMemberships.status, 'pending'),
        companyScope(params.decider),
      ),
    )
    .returning({
      userId: companyMemberships.userId,
      companyId: companyMemberships.companyId,
      role: companyMemberships.role,
    });
  return row;
}
