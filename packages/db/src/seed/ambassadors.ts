// Demo ambassadors and a discovery module: the demo ambassador (a mason of BTP Val-de-Marne
// Construction (démo), verified by the operator, free on days of spring 2027), two more verified
// ambassadors (a baker confirmed by the bakery's employer, a developer who also visits by video),
// one waiting for verification, and the module of class "3e A" of Collège des Tilleuls (démo):
// a workshop already done (in the pupils' passports, with the demo pupil's reflection), an
// ambassador talk whose request waits for the demo ambassador's answer, a company visit, the stage
// week and a journée chantier. Every name is fictitious.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  activityReflections,
  ambassadorProfiles,
  classes,
  companyMemberships,
  discoveryModules,
  moduleActivities,
  notifications,
  passportEntries,
  students,
  userRoles,
  users,
  visitRequests,
} from '../schema/index.js';

export interface AmbassadorSeedParams {
  passwordHash: string;
  /** The demo ambassador (ambassadeur@demo.tremplin.fr), already a member of companyIds[4]. */
  ambassadorId: string;
  operatorId: string;
  /** The bakery's employer (entreprise@demo.tremplin.fr), member of companyIds[0]. */
  employerId: string;
  teacherId: string;
  studentId: string;
  collegeId: string;
  /** The demo companies, in the order of demo.ts. */
  companyIds: string[];
}

/** Tuesdays and Thursdays of spring 2027, outside the Easter holidays (3–18 April). */
const SPRING_2027 = [
  '2027-03-09',
  '2027-03-11',
  '2027-03-16',
  '2027-03-18',
  '2027-03-23',
  '2027-03-25',
  '2027-04-20',
  '2027-04-22',
  '2027-05-11',
  '2027-05-18',
  '2027-05-25',
  '2027-06-01',
];

const others = [
  {
    email: 'ambassadrice.boulangerie@demo.tremplin.fr',
    displayName: 'Bérénice Boulangère',
    company: 0,
    trades: ['D1102', 'D1104'],
    bio: 'Boulangère depuis quinze ans, je raconte aux élèves le pain de la nuit, la pâte qui lève et le plaisir des clients du matin.',
    communes: ['94028', '94081', '94046'],
    formats: ['talk', 'workplace_visit'] as const,
    max: 2,
    dates: ['2027-01-12', '2027-01-14', '2027-03-16', '2027-03-18', '2027-05-11'],
    verifiedBy: 'employer' as const,
  },
  {
    email: 'ambassadeur.numerique@demo.tremplin.fr',
    displayName: 'Karim Codeur',
    company: 2,
    trades: ['M1805', 'M1802'],
    bio: 'Développeur web dans un atelier du Val-de-Marne : je montre comment on fabrique une application, de l’idée au premier utilisateur.',
    communes: ['94046', '94028', '94041', '94068'],
    formats: ['talk', 'video'] as const,
    max: 4,
    dates: ['2027-02-23', '2027-03-09', '2027-03-23', '2027-04-20', '2027-05-18'],
    verifiedBy: 'operator' as const,
  },
  {
    email: 'ambassadrice.pharmacie@demo.tremplin.fr',
    displayName: 'Paula Pharmacienne',
    company: 3,
    trades: ['J1202'],
    bio: 'Pharmacienne d’officine : conseil, préparation, santé de tous les jours.',
    communes: ['94068', '94028'],
    formats: ['talk'] as const,
    max: 1,
    dates: ['2027-03-11', '2027-05-25'],
    verifiedBy: null,
  },
];

export async function seedAmbassadors(tx: Executor, params: AmbassadorSeedParams): Promise<void> {
  const now = new Date();
  await tx.insert(ambassadorProfiles).values({
    userId: params.ambassadorId,
    companyId: params.companyIds[4]!,
    tradeCodes: ['F1703', 'F1701'],
    bio: 'Maçon et chef d’équipe, je fais découvrir le chantier : les plans, le béton, la sécurité, le travail en équipe. Les élèves repartent avec une brique qu’ils ont posée eux-mêmes.',
    communes: ['94028', '94081', '94022', '94046', '94041'],
    formats: ['talk', 'workplace_visit'],
    maxVisitsPerMonth: 3,
    availableDates: SPRING_2027,
    verifiedAt: now,
    verifiedBy: params.operatorId,
  });

  for (const person of others) {
    const [user] = await tx
      .insert(users)
      .values({
        email: person.email,
        displayName: person.displayName,
        passwordHash: params.passwordHash,
      })
      .returning({ id: users.id });
    const userId = user!.id;
    await tx.insert(userRoles).values({ userId, role: 'ambassador' });
    await tx.insert(companyMemberships).values({
      userId,
      companyId: params.companyIds[person.company]!,
      role: 'ambassador',
      status: person.verifiedBy ? 'active' : 'pending',
    });
    await tx.insert(ambassadorProfiles).values({
      userId,
      companyId: params.companyIds[person.company]!,
      tradeCodes: person.trades,
      bio: person.bio,
      communes: person.communes,
      formats: [...person.formats],
      maxVisitsPerMonth: person.max,
      availableDates: person.dates,
      verifiedAt: person.verifiedBy ? now : null,
      verifiedBy:
        person.verifiedBy === 'employer'
          ? params.employerId
          : person.verifiedBy === 'operator'
            ? params.operatorId
            : null,
    });
  }

  // The discovery module of the demo class.
  const [klass] = await tx
    .select({ id: classes.id, schoolYear: classes.schoolYear })
    .from(classes)
    .where(and(eq(classes.schoolId, params.collegeId), eq(classes.name, '3e A')));
  if (!klass) return;
  const [module] = await tx
    .insert(discoveryModules)
    .values({
      schoolId: params.collegeId,
      classId: klass.id,
      teacherId: params.teacherId,
      title: 'Découvrir les métiers du bâtiment et de l’artisanat',
      objectives:
        'Nommer cinq métiers du bâtiment et de l’artisanat, savoir ce qu’on y fait au quotidien, et préparer le stage d’observation de janvier.',
      schoolYear: klass.schoolYear,
    })
    .returning({ id: discoveryModules.id });
  const activities = await tx
    .insert(moduleActivities)
    .values([
      {
        moduleId: module!.id,
        position: 1,
        kind: 'workshop' as const,
        title: 'Atelier : mes centres d’intérêt',
        description: 'Chacun liste ce qu’il aime faire et le relie à des familles de métiers.',
        startsOn: '2026-10-06',
        endsOn: '2026-10-06',
        status: 'done' as const,
      },
      {
        moduleId: module!.id,
        position: 2,
        kind: 'company_visit' as const,
        title: 'Vis ton métier : la boulangerie du marché',
        description: 'Une matinée à la boulangerie, du fournil à la vente.',
        startsOn: '2027-01-12',
        endsOn: '2027-01-12',
      },
      {
        moduleId: module!.id,
        position: 3,
        kind: 'stage' as const,
        title: 'Stage d’observation de 3e',
        description: 'Cinq jours en entreprise.',
        startsOn: '2027-01-18',
        endsOn: '2027-01-22',
      },
      {
        moduleId: module!.id,
        position: 4,
        kind: 'ambassador_talk' as const,
        title: 'Rencontre avec un maçon',
        description: 'Un ambassadeur des métiers du bâtiment vient en classe.',
        startsOn: '2027-03-16',
        endsOn: '2027-03-16',
      },
      {
        moduleId: module!.id,
        position: 5,
        kind: 'journee_chantier' as const,
        title: 'Journée chantier',
        description: 'Une journée sur un chantier de construction, casque et gilet fournis.',
        startsOn: '2027-04-22',
        endsOn: '2027-04-22',
      },
    ])
    .returning({ id: moduleActivities.id, kind: moduleActivities.kind });
  const workshop = activities[0]!;
  const talk = activities.find((a) => a.kind === 'ambassador_talk')!;

  // The workshop is done: it is in each pupil's passport, with the demo pupil's reflection.
  const pupils = await tx
    .select({ userId: students.userId })
    .from(students)
    .where(eq(students.classId, klass.id));
  if (pupils.length > 0) {
    await tx.insert(passportEntries).values(
      pupils.map((p) => ({
        studentId: p.userId,
        kind: 'module' as const,
        sourceType: 'module_activity',
        sourceId: workshop.id,
        title: 'Atelier : mes centres d’intérêt',
        description:
          'Atelier — module « Découvrir les métiers du bâtiment et de l’artisanat ». Chacun liste ce qu’il aime faire et le relie à des familles de métiers.',
        occurredOn: '2026-10-06',
      })),
    );
  }
  const reflection =
    'J’ai découvert que j’aime fabriquer des choses avec mes mains : les métiers du bâtiment et de la boulangerie m’intéressent.';
  const [written] = await tx
    .insert(activityReflections)
    .values({ activityId: workshop.id, studentId: params.studentId, text: reflection })
    .returning({ id: activityReflections.id });
  await tx.insert(passportEntries).values({
    studentId: params.studentId,
    kind: 'reflection',
    sourceType: 'activity_reflection',
    sourceId: written!.id,
    title: 'Ma réflexion — Atelier : mes centres d’intérêt',
    description: reflection,
    occurredOn: '2026-10-06',
  });

  // The talk: the platform proposed the demo ambassador, who has not answered yet.
  const [request] = await tx
    .insert(visitRequests)
    .values({
      activityId: talk.id,
      schoolId: params.collegeId,
      classId: klass.id,
      teacherId: params.teacherId,
      tradeCodes: ['F1703'],
      candidateDates: ['2027-03-16', '2027-03-18', '2027-03-23'],
      classSize: Math.max(1, pupils.length),
      level: '3e',
      format: 'talk',
      status: 'proposed',
      ambassadorId: params.ambassadorId,
      visitDate: '2027-03-16',
    })
    .returning({ id: visitRequests.id });
  await tx.insert(notifications).values({
    userId: params.ambassadorId,
    kind: 'visit.proposed',
    data: { schoolName: 'Collège des Tilleuls (démo)', className: '3e A', date: '2027-03-16' },
    link: `/ambassadeurs/visites/${request!.id}`,
  });
}
