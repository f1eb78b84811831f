// Demo applications, so the demo employer's inbox shows every state on a first start: classmates
// of the demo pupil (3e A, fictitious) have applied to the Boulangerie du Marché (démo)'s offers —
// one just sent, one read and reminded after a week without an answer, one accepted and waiting
// for the pupil to confirm, one declined with its reason. Each has its history and the
// notifications the platform would have sent. The demo pupil's own applications are left for
// people (and end-to-end tests) to make. Runs after the classes, offers and agreements seeds;
// without their pupils or offers it does nothing.
import { and, asc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  applicationEvents,
  applications,
  companies,
  companyMemberships,
  notifications,
  offerPeriods,
  offers,
  students,
} from '../schema/index.js';

export interface ApplicationSeedParams {
  /** Boulangerie du Marché (démo): the demo employer's company. */
  companyId: string;
  /** The demo pupil, whose classmates apply. */
  studentId: string;
  /** The instant the demo data is made (applications are dated before it). */
  now?: Date;
}

type Plan = {
  status: 'submitted' | 'read' | 'accepted' | 'rejected';
  daysAgo: number;
  reminders?: number;
  reason?: string;
};

const plans: Plan[] = [
  { status: 'submitted', daysAgo: 1 },
  { status: 'read', daysAgo: 8, reminders: 1 },
  { status: 'accepted', daysAgo: 5 },
  {
    status: 'rejected',
    daysAgo: 6,
    reason:
      'Nous accueillons déjà un élève cette semaine-là : postulez pour une autre période, nous serons ravis de vous recevoir.',
  },
];

const DAY = 24 * 60 * 60 * 1000;

/** Seeds the demo applications; returns how many were made. */
export async function seedApplications(
  tx: Executor,
  params: ApplicationSeedParams,
): Promise<number> {
  const now = params.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const [pupil] = await tx
    .select({ classId: students.classId })
    .from(students)
    .where(eq(students.userId, params.studentId));
  if (!pupil?.classId) return 0;
  const classmates = await tx
    .select({
      userId: students.userId,
      name: sql<string>`${students.firstName} || ' ' || ${students.lastName}`,
    })
    .from(students)
    .where(
      and(
        eq(students.classId, pupil.classId),
        ne(students.userId, params.studentId),
        sql`not exists (select 1 from applications a where a.student_id = ${students.userId})`,
      ),
    )
    .orderBy(asc(students.firstName));
  const periods = await tx
    .select({
      periodId: offerPeriods.id,
      offerId: offers.id,
      title: offers.title,
      companyName: companies.name,
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
      seats: offerPeriods.seats,
      taken: sql<number>`(select count(*)::int from applications a
        where a.period_id = ${offerPeriods.id} and a.status in ('accepted', 'confirmed'))`,
    })
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .where(
      and(
        eq(offers.companyId, params.companyId),
        eq(offers.status, 'published'),
        sql`'3e' = any(${offers.levels})`,
        gt(offerPeriods.startDate, today),
      ),
    )
    .orderBy(asc(offerPeriods.startDate), asc(offers.title));
  if (classmates.length === 0 || periods.length === 0) return 0;
  const employers = await tx
    .select({ userId: companyMemberships.userId })
    .from(companyMemberships)
    .where(
      and(
        eq(companyMemberships.companyId, params.companyId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
      ),
    );

  let made = 0;
  for (const [i, plan] of plans.entries()) {
    const pupilRow = classmates[i];
    if (!pupilRow) break;
    // An accepted one takes a seat: only where one is free.
    const period =
      plan.status === 'accepted'
        ? periods.find((p) => p.seats - p.taken >= 1)
        : periods[i % periods.length];
    if (!period) continue;
    if (plan.status === 'accepted') period.taken++;
    const sent = new Date(now.getTime() - plan.daysAgo * DAY);
    const answered = new Date(sent.getTime() + DAY);
    const [row] = await tx
      .insert(applications)
      .values({
        offerId: period.offerId,
        periodId: period.periodId,
        studentId: pupilRow.userId,
        status: plan.status,
        motivation:
          'Bonjour, je suis en 3e au collège des Tilleuls et j’aimerais découvrir votre métier. Je suis ponctuel et curieux.',
        rejectionReason: plan.reason ?? null,
        remindersSent: plan.reminders ?? 0,
        createdAt: sent,
        updatedAt: plan.status === 'submitted' ? sent : answered,
      })
      .returning({ id: applications.id });
    const id = row!.id;
    const employerId = employers[0]?.userId ?? null;
    const events: (typeof applicationEvents.$inferInsert)[] = [
      {
        applicationId: id,
        fromStatus: null,
        toStatus: 'submitted',
        actorId: pupilRow.userId,
        at: sent,
      },
    ];
    if (plan.status !== 'submitted') {
      events.push({
        applicationId: id,
        fromStatus: 'submitted',
        toStatus: plan.status,
        actorId: employerId,
        note: plan.reason ?? null,
        at: answered,
      });
    }
    await tx.insert(applicationEvents).values(events);

    const data = {
      applicationId: id,
      offerTitle: period.title,
      companyName: period.companyName,
      studentName: pupilRow.name,
      startDate: period.startDate,
      endDate: period.endDate,
    };
    const hostLink = `/entreprise/candidatures/${id}`;
    const pupilLink = `/candidatures#candidature-${id}`;
    const notes: (typeof notifications.$inferInsert)[] = employers.map((e) => ({
      userId: e.userId,
      kind: 'application.submitted',
      data,
      link: hostLink,
      createdAt: sent,
      // Only the newest is still unread.
      readAt: plan.status === 'submitted' ? null : answered,
    }));
    if (plan.reminders) {
      for (const e of employers) {
        notes.push({
          userId: e.userId,
          kind: 'application.reminder',
          data: { ...data, days: 7 },
          link: hostLink,
          createdAt: new Date(sent.getTime() + 7 * DAY),
        });
      }
    }
    if (plan.status === 'accepted' || plan.status === 'rejected') {
      notes.push({
        userId: pupilRow.userId,
        kind: `application.${plan.status}`,
        data: plan.reason ? { ...data, reason: plan.reason } : data,
        link: pupilLink,
        createdAt: answered,
      });
    }
    if (notes.length > 0) await tx.insert(notifications).values(notes);
    made++;
  }
  return made;
}
