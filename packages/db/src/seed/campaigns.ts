// A demo allocation campaign, open on a first start: "Stages de 3e – semaine du 18 janvier 2027
// (démo)", for the whole département, over that week of five demo 3e offers (their seats are
// committed to it, so they are no longer open to direct applications). Four classmates of the demo pupil have
// already ranked wishes, so the wish counts show; the demo pupil ranks their own. Runs after the
// offers, classes and applications seeds; without their rows it does nothing.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  applications,
  campaigns,
  campaignWishes,
  offerPeriods,
  offers,
  students,
} from '../schema/index.js';

export interface CampaignSeedParams {
  /** The demo operator, who runs the campaign. */
  operatorId: string;
  /** The demo pupil, whose classmates have ranked wishes already. */
  studentId: string;
  now?: Date;
}

/** Demo 3e offers whose 18–22 January 2027 week (a stage week of the demo collège) the campaign allocates. */
export const demoCampaignOffers = [
  'Mécanique automobile à l’atelier (démo)',
  'Développeur ou développeuse web (démo)',
  'Une semaine à l’officine (démo)',
  'Préparation de commandes en entrepôt (démo)',
  'Maçonnerie sur un chantier (démo)',
] as const;

const WEEK = '2027-01-18';
const DAY = 24 * 60 * 60 * 1000;

/** Seeds the demo campaign; returns its id, or null when its offers are not there. */
export async function seedCampaigns(
  tx: Executor,
  params: CampaignSeedParams,
): Promise<string | null> {
  const now = params.now ?? new Date();
  const periods = await tx
    .select({ id: offerPeriods.id, title: offers.title })
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .where(
      and(
        inArray(offers.title, [...demoCampaignOffers]),
        eq(offerPeriods.startDate, WEEK),
        isNull(offerPeriods.campaignId),
      ),
    );
  // A period with applications is not the campaign's to give.
  const applied = new Set(
    (
      await tx
        .select({ periodId: applications.periodId })
        .from(applications)
        .where(
          periods.length > 0
            ? inArray(
                applications.periodId,
                periods.map((p) => p.id),
              )
            : undefined,
        )
    ).map((a) => a.periodId),
  );
  const free = periods
    .filter((p) => !applied.has(p.id))
    .sort(
      (a, b) =>
        demoCampaignOffers.indexOf(a.title as never) - demoCampaignOffers.indexOf(b.title as never),
    );
  if (free.length === 0) return null;

  const [campaign] = await tx
    .insert(campaigns)
    .values({
      name: 'Stages de 3e – semaine du 18 janvier 2027 (démo)',
      schoolId: null,
      levels: ['3e'],
      opensAt: new Date(now.getTime() - DAY),
      closesAt: new Date(now.getTime() + 21 * DAY),
      maxWishes: 3,
      policy: { priorityClasses: true, reservedShare: 0, reservePrecedence: 'reserved-first' },
      status: 'open',
      createdBy: params.operatorId,
      createdAt: new Date(now.getTime() - 2 * DAY),
      updatedAt: new Date(now.getTime() - DAY),
    })
    .returning({ id: campaigns.id });
  const campaignId = campaign!.id;
  await tx
    .update(offerPeriods)
    .set({ campaignId })
    .where(
      inArray(
        offerPeriods.id,
        free.map((p) => p.id),
      ),
    );

  // Four classmates of the demo pupil have ranked their wishes.
  const [pupil] = await tx
    .select({ classId: students.classId })
    .from(students)
    .where(eq(students.userId, params.studentId));
  if (pupil?.classId) {
    const classmates = (
      await tx
        .select({ userId: students.userId })
        .from(students)
        .where(eq(students.classId, pupil.classId))
        .orderBy(students.lastName)
    )
      .filter((c) => c.userId !== params.studentId)
      .slice(0, 4);
    const rows = classmates.flatMap((c, i) =>
      [0, 1, 2].map((k) => ({
        campaignId,
        round: 1,
        studentId: c.userId,
        periodId: free[(i + k) % free.length]!.id,
        rank: k + 1,
        updatedAt: new Date(now.getTime() - (i + 1) * 3600 * 1000),
      })),
    );
    // Fewer periods than wishes would repeat one: keep the first of each.
    const seen = new Set<string>();
    const unique = rows.filter((r) => {
      const key = `${r.studentId} ${r.periodId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const ranked = unique.map((r) => ({
      ...r,
      rank: unique.filter((u) => u.studentId === r.studentId).indexOf(r) + 1,
    }));
    if (ranked.length > 0) await tx.insert(campaignWishes).values(ranked);
  }
  return campaignId;
}
