// Agreements born from confirmed applications. Called inside the transaction that confirms the
// application (modules/applications), so an application is never confirmed without its agreement.
import { eq } from 'drizzle-orm';
import type { Executor } from '@tremplin/db';
import {
  agreements,
  applications,
  classes,
  offerPeriods,
  offers,
  students,
  users,
} from '@tremplin/db/schema';

export const DEFAULT_PRACTICAL_ANNEX = {
  meals: "Le déjeuner est pris en charge par la famille, sauf accord contraire de l'entreprise.",
  travel:
    'Les trajets entre le domicile et le lieu de stage sont sous la responsabilité de la famille.',
  insurance:
    "L'élève reste sous statut scolaire : l'établissement et l'entreprise ont souscrit une assurance responsabilité civile.",
};

/**
 * Creates the agreement of a confirmed application, prefilled from the platform's data (school,
 * company, pupil, period, the offer's schedule and tutor, the class's teacher). Idempotent:
 * returns the existing agreement when there is one. Throws if the pupil has no school.
 */
export async function createAgreementForApplication(
  tx: Executor,
  params: { applicationId: string },
): Promise<{ agreementId: string }> {
  const [existing] = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(eq(agreements.applicationId, params.applicationId));
  if (existing) return { agreementId: existing.id };

  const [row] = await tx
    .select({
      studentId: applications.studentId,
      schoolId: students.schoolId,
      companyId: offers.companyId,
      description: offers.description,
      schedule: offers.schedule,
      tutorName: offers.tutorName,
      tutorRole: offers.tutorRole,
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
      teacherId: classes.teacherId,
      teacherName: users.displayName,
    })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(offerPeriods, eq(offerPeriods.id, applications.periodId))
    .innerJoin(students, eq(students.userId, applications.studentId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .leftJoin(users, eq(users.id, classes.teacherId))
    .where(eq(applications.id, params.applicationId));
  if (!row) throw new Error(`Application ${params.applicationId} not found`);
  if (!row.schoolId) throw new Error('The pupil has no school: an agreement needs one.');

  const [created] = await tx
    .insert(agreements)
    .values({
      applicationId: params.applicationId,
      schoolId: row.schoolId,
      companyId: row.companyId,
      studentId: row.studentId,
      referentTeacherId: row.teacherId,
      teachingAnnex: {
        referentTeacherName: row.teacherName ?? '',
        tutorName: row.tutorName,
        tutorRole: row.tutorRole,
        startDate: row.startDate,
        endDate: row.endDate,
        dailyHours: row.schedule,
        objectives:
          `Découvrir le monde professionnel et un métier par l'observation. ${row.description}`.trim(),
      },
      practicalAnnex: DEFAULT_PRACTICAL_ANNEX,
    })
    .returning({ id: agreements.id });
  return { agreementId: created!.id };
}
