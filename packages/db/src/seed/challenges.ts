// Demo challenge: "Le goûter zéro déchet" set by the Boulangerie du Marché (démo), published and
// open for submissions, with the demo class 3e A of Collège des Tilleuls (démo) enrolled by the
// demo teacher in two teams of four (the demo pupil in the first). The second team has already
// handed in a first text. The demo employer sits on the jury. Runs after the classes seed;
// without the demo pupil's class it does nothing.
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  challengeEnrolments,
  challengeJurors,
  challengeOrganisers,
  challenges,
  challengeSubmissions,
  challengeTeamMembers,
  challengeTeams,
  classes,
  notifications,
  students,
} from '../schema/index.js';

export interface ChallengeSeedParams {
  /** Boulangerie du Marché (démo) and its employer (entreprise@demo.tremplin.fr). */
  companyId: string;
  employerId: string;
  /** The demo teacher (prof@demo.tremplin.fr) and the demo pupil (eleve@demo.tremplin.fr). */
  teacherId: string;
  studentId: string;
  /** The instant the demo data is made (dates are counted from it). */
  now?: Date;
}

const DAY = 24 * 60 * 60 * 1000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

const teamPlans = [
  { name: 'Les Croissants Volants', skills: [['oral'], ['dessin'], ['calcul'], ['numerique']] },
  { name: 'Le Pain Perdu Club', skills: [['ecriture'], ['bricolage', 'dessin'], [], ['oral']] },
];

/** Seeds the demo challenge; returns its id, or null without the demo class. */
export async function seedChallenges(
  tx: Executor,
  params: ChallengeSeedParams,
): Promise<string | null> {
  const now = params.now ?? new Date();
  const [pupil] = await tx
    .select({ classId: students.classId, schoolId: students.schoolId })
    .from(students)
    .where(eq(students.userId, params.studentId));
  if (!pupil?.classId || !pupil.schoolId) return null;
  const [klass] = await tx
    .select({ id: classes.id, name: classes.name })
    .from(classes)
    .where(eq(classes.id, pupil.classId));
  if (!klass) return null;
  const classmates = await tx
    .select({ userId: students.userId })
    .from(students)
    .where(eq(students.classId, klass.id))
    .orderBy(asc(students.lastName), asc(students.firstName));
  // The demo pupil first, so they land in the first team.
  const pupils = [
    params.studentId,
    ...classmates.map((c) => c.userId).filter((id) => id !== params.studentId),
  ];

  // Submissions close in six weeks at 17:00 (Paris, winter time); the jury meets a week later.
  const deadline = new Date(`${dayOf(new Date(now.getTime() + 42 * DAY))}T16:00:00Z`);
  const [challenge] = await tx
    .insert(challenges)
    .values({
      title: 'Le goûter zéro déchet',
      brief:
        "La Boulangerie du Marché veut proposer un goûter pour les écoliers du quartier sans produire de déchets. Par équipes, imaginez l'offre : ce que l'on mange, comment on l'emballe (ou pas), ce que l'on fait des invendus, et comment on le fait savoir. Rendez une présentation de cinq diapositives au plus (PDF, PPTX ou ODP), avec une affiche si vous le souhaitez.",
      tradeCodes: ['D1102', 'D1104'],
      levels: ['3e'],
      launchOn: dayOf(new Date(now.getTime() - 10 * DAY)),
      submissionDeadline: deadline,
      juryOn: dayOf(new Date(deadline.getTime() + 7 * DAY)),
      teamMin: 2,
      teamMax: 5,
      maxTeams: 12,
      prizes:
        "L'équipe gagnante passe une matinée au fournil et son goûter est vendu une semaine à la boutique.",
      rubric: [
        { key: 'c1', label: 'Originalité de l’idée', weight: 3, max: 10 },
        { key: 'c2', label: 'Zéro déchet pour de vrai', weight: 3, max: 10 },
        { key: 'c3', label: 'Faisabilité et coût', weight: 2, max: 10 },
        { key: 'c4', label: 'Qualité de la présentation', weight: 1, max: 5 },
      ],
      status: 'published',
      createdBy: params.employerId,
      createdAt: new Date(now.getTime() - 14 * DAY),
    })
    .returning({ id: challenges.id, title: challenges.title });
  const challengeId = challenge!.id;
  await tx.insert(challengeOrganisers).values({ challengeId, companyId: params.companyId });
  await tx.insert(challengeJurors).values({
    challengeId,
    userId: params.employerId,
    invitedBy: params.employerId,
    invitedAt: new Date(now.getTime() - 13 * DAY),
  });
  const [enrolment] = await tx
    .insert(challengeEnrolments)
    .values({
      challengeId,
      classId: klass.id,
      schoolId: pupil.schoolId,
      teacherId: params.teacherId,
      createdAt: new Date(now.getTime() - 9 * DAY),
    })
    .returning({ id: challengeEnrolments.id });

  const size = Math.ceil(pupils.length / teamPlans.length);
  for (const [t, plan] of teamPlans.entries()) {
    const members = pupils.slice(t * size, (t + 1) * size);
    if (members.length === 0) continue;
    const [team] = await tx
      .insert(challengeTeams)
      .values({
        challengeId,
        enrolmentId: enrolment!.id,
        name: plan.name,
        createdAt: new Date(now.getTime() - 8 * DAY),
      })
      .returning({ id: challengeTeams.id });
    await tx.insert(challengeTeamMembers).values(
      members.map((studentId, i) => ({
        teamId: team!.id,
        challengeId,
        studentId,
        skills: plan.skills[i] ?? [],
      })),
    );
    await tx.insert(notifications).values(
      members.map((userId) => ({
        userId,
        kind: 'challenge.team',
        data: { title: challenge!.title, team: plan.name },
        link: `/challenges/${challengeId}`,
        createdAt: new Date(now.getTime() - 8 * DAY),
      })),
    );
    if (t === 1) {
      await tx.insert(challengeSubmissions).values({
        teamId: team!.id,
        text: 'Notre idée : un goûter « pain perdu et compote » servi dans des bocaux consignés, avec les invendus de la veille. Nous finissons la présentation la semaine prochaine.',
        submittedBy: members[0]!,
        submittedAt: new Date(now.getTime() - 2 * DAY),
      });
    }
  }
  return challengeId;
}
