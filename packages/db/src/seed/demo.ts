// Demo data for a newcomer's first start: clearly fictitious schools (some REP and REP+) and
// companies (mostly TPE/PME) placed in real communes of Val-de-Marne, and one account per role.
// Runs once: it does nothing when the demo operator already exists.
import { eq } from 'drizzle-orm';
import { luhnValid, uaiCheckLetter } from '@tremplin/contracts';
import type { Executor } from '../client.js';
import {
  communes,
  companies,
  companyMemberships,
  schoolMemberships,
  schools,
  userRoles,
  users,
} from '../schema/index.js';
import { searchable } from '../text.js';
import { seedOffers } from './offers.js';
import { seedPassport } from './passport.js';
import { seedAgreements } from './agreements.js';
import { seedAmbassadors } from './ambassadors.js';
import { seedApplications } from './applications.js';
import { seedCampaigns } from './campaigns.js';
import { seedChallenges } from './challenges.js';
import { seedClasses } from './classes.js';
import { seedMentoring } from './mentoring.js';

export const DEMO_PASSWORD = 'Tremplin-demo-2026';

export const demoAccounts = [
  { email: 'operateur@demo.tremplin.fr', displayName: 'Odile Opératrice', roles: ['operator'] },
  { email: 'eleve@demo.tremplin.fr', displayName: 'Inès Élève', roles: ['student'] },
  { email: 'parent@demo.tremplin.fr', displayName: 'Karim Parent', roles: ['guardian'] },
  { email: 'prof@demo.tremplin.fr', displayName: 'Paul Professeur', roles: ['teacher'] },
  {
    email: 'direction@demo.tremplin.fr',
    displayName: 'Diane Directrice',
    roles: ['teacher', 'school_admin'],
  },
  { email: 'entreprise@demo.tremplin.fr', displayName: 'Émile Employeur', roles: ['employer'] },
  { email: 'mentor@demo.tremplin.fr', displayName: 'Maud Mentore', roles: ['mentor'] },
  {
    email: 'ambassadeur@demo.tremplin.fr',
    displayName: 'Alain Ambassadeur',
    roles: ['ambassador'],
  },
] as const;

/** A fictitious UAI in a range no real school uses (0949xxx), with a valid check letter. */
function demoUai(n: number): string {
  const digits = `0949${String(900 + n).padStart(3, '0')}`;
  return digits + uaiCheckLetter(digits);
}

/** A fictitious SIRET (SIREN starting 999) made Luhn-valid by its last digit. */
function demoSiret(n: number): string {
  const base = `9990000${String(n).padStart(2, '0')}0001`;
  for (let d = 0; d <= 9; d++) if (luhnValid(base + d)) return base + d;
  throw new Error('unreachable: one digit always completes a Luhn sum');
}

const demoSchools = [
  { name: 'Collège des Tilleuls (démo)', kind: 'college', commune: '94028', priority: 'rep_plus' },
  { name: 'Collège Rive-Gauche (démo)', kind: 'college', commune: '94081', priority: 'rep' },
  { name: 'Collège du Plateau (démo)', kind: 'college', commune: '94046', priority: 'none' },
  { name: 'Collège Les Coteaux (démo)', kind: 'college', commune: '94022', priority: 'rep' },
  {
    name: 'Lycée des Métiers du Val (démo)',
    kind: 'lycee_pro',
    commune: '94041',
    priority: 'none',
  },
  { name: 'Lycée Marne-et-Seine (démo)', kind: 'lycee_gt', commune: '94068', priority: 'none' },
] as const;

const demoCompanies = [
  { name: 'Boulangerie du Marché (démo)', naf: '10.71C', size: 'tpe', commune: '94028' },
  { name: 'Garage des Deux Rives (démo)', naf: '45.20A', size: 'tpe', commune: '94081' },
  { name: 'Atelier Numérique du Val (démo)', naf: '62.01Z', size: 'pme', commune: '94046' },
  { name: 'Pharmacie de la Place (démo)', naf: '47.73Z', size: 'tpe', commune: '94068' },
  { name: 'BTP Val-de-Marne Construction (démo)', naf: '41.20B', size: 'pme', commune: '94022' },
  { name: 'Logistique Orly Sud (démo)', naf: '52.29A', size: 'eti', commune: '94054' },
] as const;

export interface SeedOptions {
  hashPassword(password: string): Promise<string>;
}

/** Seeds the demo data; returns false when it was already there. */
export async function seedDemo(db: Executor, options: SeedOptions): Promise<boolean> {
  const [already] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, demoAccounts[0].email));
  if (already) return false;
  const passwordHash = await options.hashPassword(DEMO_PASSWORD);
  const centroids = new Map(
    (
      await db.select({ code: communes.code, lat: communes.lat, lon: communes.lon }).from(communes)
    ).map((c) => [c.code, c]),
  );
  await db.transaction(async (tx) => {
    const accounts = new Map<string, string>();
    for (const account of demoAccounts) {
      const [user] = await tx
        .insert(users)
        .values({ email: account.email, displayName: account.displayName, passwordHash })
        .returning({ id: users.id });
      accounts.set(account.email, user!.id);
      await tx.insert(userRoles).values(account.roles.map((role) => ({ userId: user!.id, role })));
    }
    const schoolIds: string[] = [];
    for (const [i, s] of demoSchools.entries()) {
      const c = centroids.get(s.commune)!;
      const uai = demoUai(i + 1);
      const [row] = await tx
        .insert(schools)
        .values({
          uai,
          name: s.name,
          kind: s.kind,
          communeCode: s.commune,
          address: `${10 + i} rue de l'Exemple`,
          // A few hundred metres from the commune's centre, so schools of one commune differ.
          lat: c.lat + 0.002 * ((i % 3) - 1),
          lon: c.lon + 0.003 * ((i % 2) - 0.5),
          priority: s.priority,
          searchText: searchable(`${s.name} ${uai}`),
        })
        .returning({ id: schools.id });
      schoolIds.push(row!.id);
    }
    const companyIds: string[] = [];
    for (const [i, co] of demoCompanies.entries()) {
      const c = centroids.get(co.commune)!;
      const [row] = await tx
        .insert(companies)
        .values({
          siret: demoSiret(i + 1),
          name: co.name,
          nafCode: co.naf,
          sizeBand: co.size,
          communeCode: co.commune,
          address: `${2 + i} avenue de la Démonstration`,
          lat: c.lat - 0.002 * ((i % 3) - 1),
          lon: c.lon + 0.002 * ((i % 2) - 0.5),
          createdBy: accounts.get('entreprise@demo.tremplin.fr')!,
        })
        .returning({ id: companies.id });
      companyIds.push(row!.id);
    }
    const now = new Date();
    const operator = accounts.get('operateur@demo.tremplin.fr')!;
    await tx.insert(schoolMemberships).values([
      {
        userId: accounts.get('prof@demo.tremplin.fr')!,
        schoolId: schoolIds[0]!,
        role: 'teacher',
        status: 'active',
        decidedBy: operator,
        decidedAt: now,
      },
      {
        userId: accounts.get('direction@demo.tremplin.fr')!,
        schoolId: schoolIds[0]!,
        role: 'school_admin',
        status: 'active',
        decidedBy: operator,
        decidedAt: now,
      },
    ]);
    await tx.insert(companyMemberships).values([
      {
        userId: accounts.get('entreprise@demo.tremplin.fr')!,
        companyId: companyIds[0]!,
        role: 'employer',
      },
      {
        userId: accounts.get('mentor@demo.tremplin.fr')!,
        companyId: companyIds[2]!,
        role: 'mentor',
      },
      {
        userId: accounts.get('ambassadeur@demo.tremplin.fr')!,
        companyId: companyIds[4]!,
        role: 'ambassador',
      },
    ]);
    // Twenty published offers of the demo companies, so a first search finds something.
    await seedOffers(tx, {
      companyIds,
      createdBy: accounts.get('entreprise@demo.tremplin.fr')!,
    });
    await seedClasses(tx, {
      teacherId: accounts.get('prof@demo.tremplin.fr')!,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
      collegeId: schoolIds[0]!,
      lyceeId: schoolIds[5]!,
    });
    // After the classes: the demo pupil and their classmates sign and close conventions.
    await seedAgreements(tx, {
      companyId: companyIds[0]!,
      employerId: accounts.get('entreprise@demo.tremplin.fr')!,
      headId: accounts.get('direction@demo.tremplin.fr')!,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
    });
    // Last: classmates of the demo pupil apply to the bakery's offers (the employer's inbox).
    await seedApplications(tx, {
      companyId: companyIds[0]!,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
    });
    // An open département campaign over five demo offers' week of 18 January (after the
    // applications: periods with applications are left out).
    await seedCampaigns(tx, {
      operatorId: operator,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
    });
    // A published challenge of the bakery, with the demo class in two teams.
    await seedChallenges(tx, {
      companyId: companyIds[0]!,
      employerId: accounts.get('entreprise@demo.tremplin.fr')!,
      teacherId: accounts.get('prof@demo.tremplin.fr')!,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
    });
    // Mentors' profiles and the demo pupil's request (after the classes: she is a pupil of 3e A).
    await seedMentoring(tx, {
      mentorId: accounts.get('mentor@demo.tremplin.fr')!,
      mentorCompanyId: companyIds[2]!,
      bakeryId: companyIds[0]!,
      buildingId: companyIds[4]!,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
      headId: accounts.get('direction@demo.tremplin.fr')!,
      passwordHash,
    });
    // Ambassadors and the discovery module of 3e A (after the classes and the companies).
    await seedAmbassadors(tx, {
      passwordHash,
      ambassadorId: accounts.get('ambassadeur@demo.tremplin.fr')!,
      operatorId: operator,
      employerId: accounts.get('entreprise@demo.tremplin.fr')!,
      teacherId: accounts.get('prof@demo.tremplin.fr')!,
      studentId: accounts.get('eleve@demo.tremplin.fr')!,
      collegeId: schoolIds[0]!,
      companyIds,
    });
    // The demo pupil's own reflection and searches without result, for the observatory.
    await seedPassport(tx, { studentId: accounts.get('eleve@demo.tremplin.fr')! });
  });
  return true;
}
