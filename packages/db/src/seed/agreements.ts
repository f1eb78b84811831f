// Demo agreements, so a first start shows every step of a convention: the demo pupil's, waiting
// for its four signatures; one signed whose stage just ended (the tutor and the pupil have their
// say to give); one completed, in the pupil's passport. They hang on a demo offer of the
// Boulangerie du Marché (démo) with one week per agreement, and on confirmed applications.
// What the API's agreement service prefills from the platform's data is prefilled the same way.
import { eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  agreements,
  agreementSignatures,
  applications,
  classes,
  companies,
  offerPeriods,
  offers,
  passportEntries,
  students,
  users,
} from '../schema/index.js';
import type { ScheduleDay } from '../schema/offers.js';
import { searchable } from '../text.js';

export interface AgreementSeedParams {
  /** Boulangerie du Marché (démo), its employer (entreprise@demo) and the demo head of school. */
  companyId: string;
  employerId: string;
  headId: string;
  /** The demo pupil (eleve@demo.tremplin.fr), a pupil of 3e A. */
  studentId: string;
}

const schedule: ScheduleDay[] = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '08:30',
  end: '15:30',
  breaks: [{ start: '12:00', end: '13:00' }],
}));

const practicalAnnex = {
  meals: "Le déjeuner est pris en charge par la famille, sauf accord contraire de l'entreprise.",
  travel:
    'Les trajets entre le domicile et le lieu de stage sont sous la responsabilité de la famille.',
  insurance:
    "L'élève reste sous statut scolaire : l'établissement et l'entreprise ont souscrit une assurance responsabilité civile.",
};

const TITLE = 'Au fournil : découverte de la boulangerie (démo)';
const DESCRIPTION =
  "Observer le pétrissage, le façonnage et la cuisson du pain au fournil, puis l'accueil des clients en boutique.";

export async function seedAgreements(tx: Executor, params: AgreementSeedParams): Promise<void> {
  const [company] = await tx
    .select({
      communeCode: companies.communeCode,
      address: companies.address,
      lat: companies.lat,
      lon: companies.lon,
    })
    .from(companies)
    .where(eq(companies.id, params.companyId));
  const [pupil] = await tx
    .select({ schoolId: students.schoolId, classId: students.classId })
    .from(students)
    .where(eq(students.userId, params.studentId));
  // The classes' demo data makes the demo pupil a pupil of 3e A; without it there is no agreement.
  if (!company || !pupil?.schoolId || !pupil.classId) return;
  const classmates = await tx
    .select({
      userId: students.userId,
      firstName: students.firstName,
      lastName: students.lastName,
    })
    .from(students)
    .where(eq(students.classId, pupil.classId));
  const lina = classmates.find((p) => p.firstName === 'Lina');
  const yanis = classmates.find((p) => p.firstName === 'Yanis');

  const [offer] = await tx
    .insert(offers)
    .values({
      companyId: params.companyId,
      title: TITLE,
      description: DESCRIPTION,
      tradeCodes: ['D1102'],
      levels: ['3e'],
      address: company.address,
      communeCode: company.communeCode,
      lat: company.lat,
      lon: company.lon,
      accessible: true,
      schedule,
      tutorName: 'Émile Employeur',
      tutorRole: 'Artisan boulanger',
      status: 'published',
      publishedAt: new Date('2026-09-07T08:00:00Z'),
      searchText: searchable(`${TITLE} ${DESCRIPTION} boulanger boulangerie`),
      createdBy: params.employerId,
    })
    .returning({ id: offers.id });
  const offerId = offer!.id;
  const [referent] = await tx
    .select({ id: classes.teacherId, name: users.displayName })
    .from(classes)
    .leftJoin(users, eq(users.id, classes.teacherId))
    .where(eq(classes.id, pupil.classId));

  async function agreementFor(
    studentId: string,
    period: { startDate: string; endDate: string },
  ): Promise<string> {
    const [p] = await tx
      .insert(offerPeriods)
      .values({ offerId, ...period, seats: 1 })
      .returning({ id: offerPeriods.id });
    const [application] = await tx
      .insert(applications)
      .values({
        offerId,
        periodId: p!.id,
        studentId,
        status: 'confirmed',
        motivation: "J'aimerais découvrir comment on fait le pain.",
      })
      .returning({ id: applications.id });
    const [row] = await tx
      .insert(agreements)
      .values({
        applicationId: application!.id,
        schoolId: pupil!.schoolId!,
        companyId: params.companyId,
        studentId,
        referentTeacherId: referent?.id ?? null,
        teachingAnnex: {
          referentTeacherName: referent?.name ?? '',
          tutorName: 'Émile Employeur',
          tutorRole: 'Artisan boulanger',
          ...period,
          dailyHours: schedule,
          objectives: `Découvrir le monde professionnel et un métier par l'observation. ${DESCRIPTION}`,
        },
        practicalAnnex,
      })
      .returning({ id: agreements.id });
    return row!.id;
  }

  // The demo pupil's, in the school's second stage week: four signatures to collect.
  await agreementFor(params.studentId, { startDate: '2027-02-01', endDate: '2027-02-05' });

  async function signAll(
    agreementId: string,
    pupilName: string,
    pupilId: string,
    at: string,
  ): Promise<void> {
    const when = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000);
    await tx.insert(agreementSignatures).values([
      {
        agreementId,
        party: 'host',
        signerId: params.employerId,
        signerName: 'Émile Employeur',
        signedAt: when(0),
        ipAddress: '192.0.2.10',
      },
      {
        agreementId,
        party: 'pupil',
        signerId: pupilId,
        signerName: pupilName,
        signedAt: when(90),
        ipAddress: '192.0.2.11',
      },
      {
        agreementId,
        party: 'guardian',
        signerId: null,
        signerName: `Parent de ${pupilName}`,
        signedAt: when(300),
        ipAddress: '192.0.2.12',
      },
      {
        agreementId,
        party: 'school',
        signerId: params.headId,
        signerName: 'Diane Directrice',
        signedAt: when(1440),
        ipAddress: '192.0.2.13',
      },
    ]);
  }

  if (yanis) {
    // Signed; the stage ended last week: the tutor confirms attendance, the pupil gives feedback.
    const id = await agreementFor(yanis.userId, {
      startDate: '2026-11-16',
      endDate: '2026-11-20',
    });
    await signAll(id, `${yanis.firstName} ${yanis.lastName}`, yanis.userId, '2026-10-12T09:00:00Z');
    await tx.update(agreements).set({ status: 'signed' }).where(eq(agreements.id, id));
  }

  if (lina) {
    // Completed before the autumn holidays, and in Lina's passport.
    const id = await agreementFor(lina.userId, { startDate: '2026-10-05', endDate: '2026-10-09' });
    await signAll(id, `${lina.firstName} ${lina.lastName}`, lina.userId, '2026-09-21T09:00:00Z');
    const appraisal =
      'Lina a été ponctuelle et curieuse toute la semaine ; elle a posé de bonnes questions sur la fermentation.';
    await tx
      .update(agreements)
      .set({
        status: 'completed',
        attendanceConfirmedAt: new Date('2026-10-09T16:00:00Z'),
        tutorAppraisal: appraisal,
        pupilFeedback: "J'ai adoré voir sortir les baguettes du four à six heures du matin.",
      })
      .where(eq(agreements.id, id));
    await tx.insert(passportEntries).values({
      studentId: lina.userId,
      kind: 'stage',
      sourceType: 'agreement',
      sourceId: id,
      title: "Stage d'observation chez Boulangerie du Marché (démo)",
      description: `${TITLE} — du 05/10/2026 au 09/10/2026. Tuteur : Émile Employeur, Artisan boulanger.`,
      appraisal,
      occurredOn: '2026-10-05',
    });
  }
}
